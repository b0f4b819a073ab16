/**
 * Chooses the answer threshold from the knowledge base itself, like the NLU threshold is chosen
 * from data: no answer is given below it.
 *
 * Method (k-fold, default 3 folds). In fold f:
 * - one phrasing of every entry that has two or more is held out (the f-th, cycling) and used as a
 *   query: a *positive*, answered correctly when its own entry comes first;
 * - one entry in ten (index mod 10 = f) is removed altogether and its phrasings are used as
 *   queries: *negatives*, questions the knowledge base does not cover but that sound like it;
 * - optional known off-topic messages (`negatives`) are scored against the full index.
 * The threshold maximizes balanced accuracy by default: (share of positives answered correctly +
 * share of negatives refused) / 2, i.e. a wrong answer and a missed answer cost the same; set
 * `outOfScopeShare` to weigh them by the expected share of unanswerable messages instead.
 */
import { Featurizer } from '../nlu/featurizer';
import { HybridIndex, type HybridIndexOptions } from './hybrid-index';
import { type FaqEntry, phrasingsOf } from './knowledge-base';

/** Default of {@link ChooseThresholdOptions.outOfScopeShare}. */
export const DEFAULT_OUT_OF_SCOPE_SHARE = 0.5;
/** Used when the knowledge base is too small to calibrate (fewer than 4 entries). */
export const DEFAULT_ANSWER_THRESHOLD = 0.5;
const MIN_ENTRIES_TO_CALIBRATE = 4;
/** One entry in this many is held out as a negative in each fold. */
const HOLD_OUT_MODULUS = 10;

/** Options of {@link chooseAnswerThreshold}. */
export interface ChooseThresholdOptions extends HybridIndexOptions {
  /** Known off-topic messages (e.g. collected "no answer" questions) used as extra negatives. */
  negatives?: readonly string[];
  /** Number of folds (1…10). Default 3. */
  folds?: number;
  /** Queries of each kind per fold are sampled down to this many (bounds the cost on big KBs). Default 1000. */
  maxQueriesPerFold?: number;
  /**
   * Expected share of messages reaching the retriever that the knowledge base cannot answer; weighs
   * negatives against positives. Default 0.5 (balanced accuracy): the retriever mostly sees messages
   * the NLU already found out of scope, and a wrong answer costs about as much as a missing one.
   */
  outOfScopeShare?: number;
}

/** The chosen threshold and the evidence behind it. */
export interface ThresholdCalibration {
  threshold: number;
  /** `calibrated` from data, `default` when the KB was too small, `override` when set by hand. */
  method: 'calibrated' | 'default' | 'override';
  positives: number;
  negatives: number;
  /** Prior-weighted accuracy at the threshold on the calibration queries (NaN when not calibrated). */
  accuracy: number;
}

/** One scored calibration query. */
export interface CalibrationSample {
  score: number;
  kind: 'correct' | 'wrong' | 'negative';
}

/** Every `step`-th item, so that at most `max` remain (deterministic sampling). */
function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

function withoutPhrasing(entry: FaqEntry, index: number): FaqEntry {
  const rest = phrasingsOf(entry).filter((_, i) => i !== index);
  return { ...entry, question: rest[0] as string, alternatives: rest.slice(1) };
}

function foldSamples(
  entries: readonly FaqEntry[],
  fold: number,
  options: ChooseThresholdOptions,
): CalibrationSample[] {
  const kept: FaqEntry[] = [];
  const positives: { text: string; id: string }[] = [];
  const negatives: string[] = [];
  entries.forEach((entry, i) => {
    const phrasings = phrasingsOf(entry);
    if (i % HOLD_OUT_MODULUS === fold) {
      negatives.push(...phrasings);
    } else if (phrasings.length >= 2) {
      const held = fold % phrasings.length;
      positives.push({ text: phrasings[held] as string, id: entry.id });
      kept.push(withoutPhrasing(entry, held));
    } else {
      kept.push(entry);
    }
  });
  const index = new HybridIndex(kept, options);
  const max = options.maxQueriesPerFold ?? 1000;
  const samples: CalibrationSample[] = sample(positives, max).map(({ text, id }) => {
    const top = index.search(text, 1)[0];
    const correct = top !== undefined && kept[top.index]?.id === id;
    return { score: top?.score ?? 0, kind: correct ? 'correct' : 'wrong' };
  });
  for (const text of sample(negatives, max))
    samples.push({ score: index.search(text, 1)[0]?.score ?? 0, kind: 'negative' });
  return samples;
}

/**
 * The threshold maximizing the prior-weighted accuracy over the samples:
 * `(1 - share) × (positives answered correctly / positives) + share × (negatives refused / negatives)`,
 * where `share` is the expected share of unanswerable messages (0.5 = balanced accuracy). Ties go to
 * the higher threshold.
 */
export function bestThreshold(
  samples: readonly CalibrationSample[],
  outOfScopeShare = DEFAULT_OUT_OF_SCOPE_SHARE,
): { threshold: number; accuracy: number } {
  const sorted = [...samples].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((s) => s.kind !== 'negative').length;
  const negatives = sorted.length - positives;
  const rate = (count: number, total: number) => (total === 0 ? 0 : count / total);
  const weigh = (correct: number, refused: number) =>
    (1 - outOfScopeShare) * rate(correct, positives) + outOfScopeShare * rate(refused, negatives);
  let best = { threshold: (sorted[0]?.score ?? 0) + 1e-6, accuracy: weigh(0, negatives) };
  let correctAnswered = 0;
  let negativesAnswered = 0;
  sorted.forEach((s, i) => {
    if (s.kind === 'correct') correctAnswered++;
    if (s.kind === 'negative') negativesAnswered++;
    const next = sorted[i + 1];
    if (next && next.score === s.score) return;
    const accuracy = weigh(correctAnswered, negatives - negativesAnswered);
    if (accuracy > best.accuracy)
      best = { threshold: next ? (s.score + next.score) / 2 : s.score / 2, accuracy };
  });
  return best;
}

/** Chooses the answer threshold for `entries` (see the module doc for the method). */
export function chooseAnswerThreshold(
  entries: readonly FaqEntry[],
  options: ChooseThresholdOptions = {},
): ThresholdCalibration {
  if (entries.length < MIN_ENTRIES_TO_CALIBRATE) {
    return {
      threshold: DEFAULT_ANSWER_THRESHOLD,
      method: 'default',
      positives: 0,
      negatives: 0,
      accuracy: Number.NaN,
    };
  }
  const shared = { ...options, featurizer: options.featurizer ?? new Featurizer() };
  const folds = Math.min(Math.max(1, options.folds ?? 3), HOLD_OUT_MODULUS);
  const samples: CalibrationSample[] = [];
  for (let fold = 0; fold < folds; fold++) samples.push(...foldSamples(entries, fold, shared));
  if (options.negatives && options.negatives.length > 0) {
    const full = new HybridIndex(entries, shared);
    for (const text of options.negatives)
      samples.push({ score: full.search(text, 1)[0]?.score ?? 0, kind: 'negative' });
  }
  const negatives = samples.filter((s) => s.kind === 'negative').length;
  const { threshold, accuracy } = bestThreshold(samples, options.outOfScopeShare);
  return {
    threshold,
    method: 'calibrated',
    positives: samples.length - negatives,
    negatives,
    accuracy,
  };
}
