/**
 * Chooses the out-of-scope threshold from held-out predictions (cross-validation or a validation set).
 *
 * Default, `accuracy-budget`: the highest threshold whose in-scope accuracy on the held-out messages stays
 * within `maxInScopeLoss` of the accuracy without a threshold. Out-of-scope detection may cost answerable
 * messages at most that much; within that budget it rejects as much as it can. It rests on the in-scope
 * held-out messages, which are plentiful, not on the out-of-scope ones, which are few (20 in a CLINC150
 * fold): a cost computed on them moves by whole messages, and on CLINC150 the least-cost threshold ranged
 * from 0.29 to 0.54 over three seeds of the same recipe, landing on either side of the useful range.
 *
 * Alternative, `least-cost`: the threshold minimising the expected cost of a message,
 *
 *   cost(t) = (1 − π) · [ wrong in-scope answers(t) + c · in-scope fallbacks(t) ] + π · [ 1 − OOS recall(t) ]
 *
 * where π is the expected share of out-of-scope traffic and c the cost of answering an in-scope message
 * with the fallback, relative to a wrong answer (1). With c = 1 this is accuracy over all classes with the
 * out-of-scope class weighted to share π (the CLINC150 paper's criterion, without its fixed class mix).
 * Without out-of-scope examples only the in-scope term remains; c < 1 then makes the threshold reject the
 * messages the model gets wrong more often than right. Every sweep point carries this cost.
 */
import { decide } from '../model/decision';

/** How the threshold is chosen (see the module comment). */
export type ThresholdMethod = 'accuracy-budget' | 'least-cost';

/** Options of the threshold search. */
export interface ThresholdOptions {
  method: ThresholdMethod;
  /** accuracy-budget: the held-out in-scope accuracy the threshold may cost (0.0015 = 0.15 points). */
  maxInScopeLoss: number;
  /** π: the expected share of out-of-scope messages in live traffic. */
  oosShare: number;
  /** c: the cost of a fallback on an in-scope message, relative to a wrong answer. */
  fallbackCost: number;
  /** c when the held-out data has no out-of-scope examples. */
  fallbackCostWithoutOos: number;
}

/**
 * Defaults: out-of-scope detection may cost 0.15 points of held-out in-scope accuracy (4 of 3,000 messages
 * on CLINC150; on a few hundred held-out messages, none). For `least-cost`: one customer message in twenty
 * out of scope; a fallback counts like a wrong answer when real out-of-scope examples show what to reject,
 * and half as much without them. Overridable in config.
 */
export const DEFAULT_THRESHOLD_OPTIONS: ThresholdOptions = Object.freeze({
  method: 'accuracy-budget',
  maxInScopeLoss: 0.0015,
  oosShare: 0.05,
  fallbackCost: 1,
  fallbackCostWithoutOos: 0.5,
});

/** A held-out prediction: the class probabilities and the gold class index (`oosIndex` = out of scope). */
export interface HeldOutPrediction {
  probs: Float32Array;
  gold: number;
}

/** One point of the threshold sweep. */
export interface SweepPoint {
  threshold: number;
  inScopeAccuracy: number;
  oosRecall: number;
  cost: number;
}

/** Thresholds tried: 0 to 0.99 in steps of 0.01. */
export const THRESHOLD_GRID: readonly number[] = Array.from({ length: 100 }, (_, i) => i / 100);

/** In-scope accuracy, OOS recall and cost at each threshold of the grid (NaN when a side has no examples). */
export function sweepThresholds(
  predictions: readonly HeldOutPrediction[],
  oosIndex: number,
  options: ThresholdOptions = DEFAULT_THRESHOLD_OPTIONS,
): SweepPoint[] {
  return THRESHOLD_GRID.map((threshold) => {
    let inScope = 0;
    let correct = 0;
    let fallbacks = 0;
    let oos = 0;
    let rejected = 0;
    for (const p of predictions) {
      const d = decide(p.probs, oosIndex, threshold);
      if (p.gold === oosIndex) {
        oos++;
        if (d.outOfScope) rejected++;
      } else {
        inScope++;
        if (d.outOfScope) fallbacks++;
        else if (d.topIndex === p.gold) correct++;
      }
    }
    const wrong = inScope - correct - fallbacks;
    const fallbackCost = oos > 0 ? options.fallbackCost : options.fallbackCostWithoutOos;
    const inCost = inScope > 0 ? (wrong + fallbackCost * fallbacks) / inScope : 0;
    const oosCost = oos > 0 ? 1 - rejected / oos : 0;
    const share = oos > 0 ? options.oosShare : 0;
    const cost = (1 - share) * inCost + share * oosCost;
    return {
      threshold,
      inScopeAccuracy: inScope > 0 ? correct / inScope : Number.NaN,
      oosRecall: oos > 0 ? rejected / oos : Number.NaN,
      cost,
    };
  });
}

/** Tolerance of the accuracy comparison: the accuracies are ratios of counts, compared as floats. */
const ACCURACY_EPSILON = 1e-9;

/**
 * The highest threshold whose in-scope accuracy is within `maxLoss` of the accuracy at threshold 0 (the
 * accuracy only falls as the threshold rises, so every lower threshold is within it too).
 */
function budgetThreshold(sweep: readonly SweepPoint[], maxLoss: number): number {
  const base = sweep[0]?.inScopeAccuracy ?? Number.NaN;
  if (Number.isNaN(base)) return 0;
  let chosen = 0;
  for (const point of sweep) {
    if (base - point.inScopeAccuracy > maxLoss + ACCURACY_EPSILON) break;
    chosen = point.threshold;
  }
  return chosen;
}

/** The threshold of least expected cost (the lowest one on ties, so fewer in-scope messages fall back). */
function leastCostThreshold(sweep: readonly SweepPoint[]): number {
  let best = sweep[0] as SweepPoint;
  for (const point of sweep) if (point.cost < best.cost - 1e-12) best = point;
  return best.threshold;
}

/** The threshold chosen by `options.method` on held-out predictions, with the whole sweep. */
export function chooseThreshold(
  predictions: readonly HeldOutPrediction[],
  oosIndex: number,
  options: ThresholdOptions = DEFAULT_THRESHOLD_OPTIONS,
): { threshold: number; sweep: SweepPoint[] } {
  const sweep = sweepThresholds(predictions, oosIndex, options);
  const threshold =
    options.method === 'least-cost'
      ? leastCostThreshold(sweep)
      : budgetThreshold(sweep, options.maxInScopeLoss);
  return { threshold, sweep };
}

/** One line saying how the threshold was chosen, for `model.json`. */
export function describeThresholdChoice(options: ThresholdOptions): string {
  if (options.method === 'least-cost') {
    return `least expected cost (oosShare ${options.oosShare}, fallbackCost ${options.fallbackCost}, without OOS examples ${options.fallbackCostWithoutOos})`;
  }
  return `highest threshold costing at most ${options.maxInScopeLoss} of held-out in-scope accuracy`;
}
