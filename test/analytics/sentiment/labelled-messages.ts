/**
 * Our labelled customer-service messages (fixtures/*.tsv, written for Switchboard, not copied from
 * any dataset): `label<TAB>text`, one per line, per language. Even lines are the development half
 * (thresholds and domain words were tuned looking at its errors); odd lines are held out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentimentLabel } from '../../../src/analytics/alerts/alert';

/** One labelled message. */
export interface LabelledMessage {
  text: string;
  label: SentimentLabel;
  /** BCP-47 locale the message would arrive with. */
  locale: string;
  split: 'dev' | 'heldOut';
}

const FILES: Record<string, string> = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', pt: 'pt-BR' };

/** Every labelled message, in file order. */
export function loadLabelledMessages(): LabelledMessage[] {
  return Object.entries(FILES).flatMap(([file, locale]) =>
    readFileSync(join(__dirname, 'fixtures', `${file}.tsv`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        const [label, text] = line.split('\t') as [SentimentLabel, string];
        return { text, label, locale, split: index % 2 === 0 ? 'dev' : 'heldOut' } as LabelledMessage;
      }),
  );
}

/** Accuracy over three labels, and precision / recall of `negative` (what alerts count). */
export interface SentimentEvaluation {
  messages: number;
  accuracy: number;
  negativePrecision: number;
  negativeRecall: number;
  /** Messages labelled negative by the scorer, and how many of them truly were. */
  predictedNegative: number;
  truePositiveNegative: number;
  errors: Array<{ text: string; expected: SentimentLabel; got: SentimentLabel; locale: string }>;
}

/** Scores `messages` with `predict` and compares with the labels. */
export function evaluateSentiment(
  messages: readonly LabelledMessage[],
  predict: (text: string, locale: string) => SentimentLabel,
): SentimentEvaluation {
  let correct = 0;
  let predictedNegative = 0;
  let truePositiveNegative = 0;
  let actualNegative = 0;
  const errors: SentimentEvaluation['errors'] = [];
  for (const m of messages) {
    const got = predict(m.text, m.locale);
    if (got === m.label) correct++;
    else errors.push({ text: m.text, expected: m.label, got, locale: m.locale });
    if (got === 'negative') predictedNegative++;
    if (m.label === 'negative') actualNegative++;
    if (got === 'negative' && m.label === 'negative') truePositiveNegative++;
  }
  return {
    messages: messages.length,
    accuracy: correct / messages.length,
    negativePrecision: predictedNegative === 0 ? 0 : truePositiveNegative / predictedNegative,
    negativeRecall: actualNegative === 0 ? 0 : truePositiveNegative / actualNegative,
    predictedNegative,
    truePositiveNegative,
    errors,
  };
}
