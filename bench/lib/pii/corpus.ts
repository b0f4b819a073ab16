/**
 * The labelled synthetic PII corpus (seeded, so every run is identical) and its scoring against a
 * redactor: per-kind recall and precision, and how many ordinary values (amounts, dates, times,
 * order numbers, last-4, references) were redacted.
 */
import type { PiiSpan } from '../../../src/privacy/redact';
import { SeededRandom } from './random';
import { TEMPLATES } from './templates';
import { GENERATORS, NEGATIVE_LABELS, type ValueLabel } from './values';

/** A value placed in a message, with its position. */
export interface LabelledValue {
  label: ValueLabel;
  start: number;
  end: number;
}

/** One corpus message. */
export interface LabelledMessage {
  language: keyof typeof TEMPLATES;
  text: string;
  values: LabelledValue[];
}

const SLOT = /\{([A-Z_0-9]+)\}/g;

/** `count` messages, deterministic for a seed; templates taken in turn across languages. */
export function generatePiiCorpus(count: number, seed: number): LabelledMessage[] {
  const r = new SeededRandom(seed);
  const all = Object.entries(TEMPLATES).flatMap(([language, list]) =>
    list.map((template) => ({ language: language as LabelledMessage['language'], template })),
  );
  const messages: LabelledMessage[] = [];
  for (let i = 0; i < count; i++) {
    const { language, template } = all[i % all.length] as (typeof all)[number];
    messages.push(fill(language, template, r));
  }
  return messages;
}

function fill(language: LabelledMessage['language'], template: string, r: SeededRandom): LabelledMessage {
  let text = '';
  let at = 0;
  const values: LabelledValue[] = [];
  for (const match of template.matchAll(SLOT)) {
    text += template.slice(at, match.index);
    const label = match[1] as ValueLabel;
    const value = GENERATORS[label](r);
    values.push({ label, start: text.length, end: text.length + value.length });
    text += value;
    at = (match.index ?? 0) + match[0].length;
  }
  return { language, text: text + template.slice(at), values };
}

/** Scores of one kind of personal data. */
export interface KindScore {
  /** Labelled values of the kind. */
  values: number;
  /** Of those, fully covered by a detection of the same kind. */
  found: number;
  /** Of those, left (partly) visible in the redacted text. */
  leaked: number;
  /** Detections of the kind. */
  detections: number;
  /** Of those, on a labelled value of the kind. */
  correct: number;
  recall: number;
  precision: number;
}

/** The whole score of a corpus. */
export interface CorpusScore {
  messages: number;
  perKind: Record<string, KindScore>;
  /** Look-alike values (amounts, dates, …) touched by any detection, per label. */
  ordinaryRedacted: Record<string, number>;
  ordinaryTotal: number;
  /** A few misses and false alarms, for debugging. */
  examples: string[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Scores `find` (e.g. `findPii`) on the corpus. */
export function scorePiiCorpus(
  messages: readonly LabelledMessage[],
  find: (t: string) => PiiSpan[],
): CorpusScore {
  const perKind: Record<string, KindScore> = {};
  const kind = (k: string): KindScore =>
    (perKind[k] ??= { values: 0, found: 0, leaked: 0, detections: 0, correct: 0, recall: 0, precision: 0 });
  const ordinaryRedacted: Record<string, number> = {};
  let ordinaryTotal = 0;
  const examples: string[] = [];
  for (const message of messages) {
    const spans = find(message.text);
    for (const value of message.values) {
      if (NEGATIVE_LABELS.includes(value.label)) {
        ordinaryTotal++;
        if (spans.some((s) => overlaps(s, value))) {
          ordinaryRedacted[value.label] = (ordinaryRedacted[value.label] ?? 0) + 1;
          if (examples.length < 20) examples.push(`ordinary ${value.label} redacted: ${message.text}`);
        }
        continue;
      }
      const score = kind(value.label);
      score.values++;
      if (spans.some((s) => s.kind === value.label && s.start <= value.start && s.end >= value.end))
        score.found++;
      else if (examples.length < 20) examples.push(`missed ${value.label}: ${message.text}`);
      if (!coveredBy(value, spans)) score.leaked++;
    }
    for (const span of spans) {
      const score = kind(span.kind);
      score.detections++;
      if (message.values.some((v) => v.label === span.kind && overlaps(v, span))) score.correct++;
      else if (examples.length < 20) examples.push(`false ${span.kind}: ${message.text}`);
    }
  }
  for (const score of Object.values(perKind)) {
    score.recall = score.values === 0 ? 1 : score.found / score.values;
    score.precision = score.detections === 0 ? 1 : score.correct / score.detections;
  }
  return { messages: messages.length, perKind, ordinaryRedacted, ordinaryTotal, examples };
}

/** True when every character of the value lies inside some detection. */
function coveredBy(value: LabelledValue, spans: readonly PiiSpan[]): boolean {
  for (let i = value.start; i < value.end; i++) {
    if (!spans.some((s) => s.start <= i && i < s.end)) return false;
  }
  return true;
}
