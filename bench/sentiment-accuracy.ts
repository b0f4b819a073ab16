/**
 * Sentiment accuracy on our own labelled customer-service messages
 * (test/analytics/sentiment/fixtures/*.tsv: 228 messages, en/es/fr/de/pt, written for Switchboard).
 * Prints, for the development half (used to choose thresholds and domain words) and the held-out
 * half: 3-label accuracy and precision / recall of `negative`, for our scorer and for
 * multilang-sentiment's own `category` as a baseline; then the cost per message of both.
 * Usage: `npx tsx bench/sentiment-accuracy.ts`
 */
import { createRequire } from 'node:module';
import type { SentimentLabel } from '../src/analytics/alerts/alert';
import { sentimentLanguageOf } from '../src/analytics/sentiment/sentiment-languages';
import { createSentimentScorer } from '../src/analytics/sentiment/sentiment-scorer';
import {
  evaluateSentiment,
  type LabelledMessage,
  loadLabelledMessages,
  type SentimentEvaluation,
} from '../test/analytics/sentiment/labelled-messages';

type LibrarySentiment = (text: string, language: string) => { category: SentimentLabel };
const library = createRequire(__filename)('multilang-sentiment') as LibrarySentiment;
const ours = createSentimentScorer();
/** Messages timed per scorer (the library is ~1000× slower, so fewer of its). */
const OUR_SAMPLES = 20_000;
const LIBRARY_SAMPLES = 200;

function line(name: string, e: SentimentEvaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return `  ${name.padEnd(22)} n=${e.messages}  accuracy ${pct(e.accuracy)}  negative precision ${pct(e.negativePrecision)} (${e.truePositiveNegative}/${e.predictedNegative})  recall ${pct(e.negativeRecall)}`;
}

function report(title: string, set: LabelledMessage[]): void {
  console.log(title);
  console.log(
    line(
      'switchboard scorer',
      evaluateSentiment(set, (t, l) => ours(t, l).label),
    ),
  );
  console.log(
    line(
      'multilang-sentiment',
      evaluateSentiment(set, (t, l) => library(t, sentimentLanguageOf(l)).category),
    ),
  );
}

function microsPerMessage(
  score: (m: LabelledMessage) => unknown,
  set: LabelledMessage[],
  samples: number,
): number {
  for (const m of set) score(m); // warm-up: every language's lexicon loaded
  const started = performance.now();
  for (let i = 0; i < samples; i++) score(set[i % set.length]!);
  return ((performance.now() - started) / samples) * 1000;
}

const all = loadLabelledMessages();
report(
  'development half',
  all.filter((m) => m.split === 'dev'),
);
report(
  'held-out half',
  all.filter((m) => m.split === 'heldOut'),
);
for (const locale of new Set(all.map((m) => m.locale))) {
  report(
    `held-out, ${locale}`,
    all.filter((m) => m.split === 'heldOut' && m.locale === locale),
  );
}
const oursUs = microsPerMessage((m) => ours(m.text, m.locale), all, OUR_SAMPLES);
const libUs = microsPerMessage((m) => library(m.text, sentimentLanguageOf(m.locale)), all, LIBRARY_SAMPLES);
console.log(
  `cost per message: switchboard ${oursUs.toFixed(1)} µs, multilang-sentiment ${libUs.toFixed(1)} µs`,
);
