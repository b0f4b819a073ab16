/**
 * Chooses the out-of-scope threshold from held-out predictions (cross-validation or a validation set) by
 * minimising the expected cost of a message:
 *
 *   cost(t) = (1 − π) · [ wrong in-scope answers(t) + c · in-scope fallbacks(t) ] + π · [ 1 − OOS recall(t) ]
 *
 * where π is the expected share of out-of-scope traffic and c the cost of answering an in-scope message
 * with the fallback, relative to a wrong answer (1). With c = 1 this is accuracy over all classes with the
 * out-of-scope class weighted to share π (the CLINC150 paper's criterion, without its fixed class mix).
 * Without out-of-scope examples only the in-scope term remains; c < 1 then makes the threshold reject the
 * messages the model gets wrong more often than right.
 */
import { decide } from '../model/decision';

/** Options of the threshold search. */
export interface ThresholdOptions {
  /** π: the expected share of out-of-scope messages in live traffic. */
  oosShare: number;
  /** c: the cost of a fallback on an in-scope message, relative to a wrong answer. */
  fallbackCost: number;
  /** c when the held-out data has no out-of-scope examples. */
  fallbackCostWithoutOos: number;
}

/**
 * Defaults: one customer message in twenty out of scope; a fallback counts like a wrong answer when real
 * out-of-scope examples show what to reject, and half as much without them. Overridable in config.
 */
export const DEFAULT_THRESHOLD_OPTIONS: ThresholdOptions = Object.freeze({
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

/** The threshold of least expected cost (the lowest one on ties, so fewer in-scope messages fall back). */
export function chooseThreshold(
  predictions: readonly HeldOutPrediction[],
  oosIndex: number,
  options: ThresholdOptions = DEFAULT_THRESHOLD_OPTIONS,
): { threshold: number; sweep: SweepPoint[] } {
  const sweep = sweepThresholds(predictions, oosIndex, options);
  let best = sweep[0] as SweepPoint;
  for (const point of sweep) if (point.cost < best.cost - 1e-12) best = point;
  return { threshold: best.threshold, sweep };
}
