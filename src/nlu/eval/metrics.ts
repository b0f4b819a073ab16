/**
 * Evaluation metrics as the CLINC150 paper defines them, plus per-intent precision/recall/F1 and the most
 * confused pairs. Out-of-scope is the label `oos` on both sides.
 */
import { OOS_LABEL } from '../types';

/** One evaluated message: gold and predicted labels (`oos` = out of scope) and the best in-scope score. */
export interface ScoredPrediction {
  gold: string;
  predicted: string;
  /** Probability of the best in-scope intent (before the out-of-scope decision). */
  topScore: number;
}

/** Precision, recall and F1 of one label. */
export interface LabelMetrics {
  intent: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A gold → predicted confusion and how often it happened. */
export interface ConfusedPair {
  gold: string;
  predicted: string;
  count: number;
}

/** Headline metrics of an evaluation. */
export interface Metrics {
  examples: number;
  /** Share of all messages labelled correctly (out-of-scope counts as a label). */
  accuracy: number;
  /** Share of in-scope messages given their intent (predicting out-of-scope counts as wrong). */
  inScopeAccuracy: number;
  /** Share of out-of-scope messages predicted out of scope (null without any). */
  oosRecall: number | null;
  /** Share of out-of-scope predictions that were out of scope (null when none was predicted). */
  oosPrecision: number | null;
  /** Unweighted mean F1 over the gold labels (out-of-scope included when present). */
  macroF1: number;
  perIntent: LabelMetrics[];
  confusedPairs: ConfusedPair[];
}

const TOP_CONFUSED_PAIRS = 15;

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function perLabel(predictions: readonly ScoredPrediction[]): LabelMetrics[] {
  const tp = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const p of predictions) {
    bump(goldCount, p.gold);
    bump(predictedCount, p.predicted);
    if (p.gold === p.predicted) bump(tp, p.gold);
  }
  return [...goldCount.keys()].sort().map((intent) => {
    const hits = tp.get(intent) ?? 0;
    const precision = ratio(hits, predictedCount.get(intent) ?? 0) ?? 0;
    const recall = ratio(hits, goldCount.get(intent) ?? 0) ?? 0;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { intent, support: goldCount.get(intent) ?? 0, precision, recall, f1 };
  });
}

function confusions(predictions: readonly ScoredPrediction[]): ConfusedPair[] {
  const counts = new Map<string, ConfusedPair>();
  for (const p of predictions) {
    if (p.gold === p.predicted) continue;
    const key = `${p.gold}\u0000${p.predicted}`;
    const entry = counts.get(key) ?? { gold: p.gold, predicted: p.predicted, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .sort(
      (a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted),
    )
    .slice(0, TOP_CONFUSED_PAIRS);
}

/** Computes every metric from labelled predictions. */
export function computeMetrics(predictions: readonly ScoredPrediction[]): Metrics {
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oos = 0;
  let oosCaught = 0;
  let oosPredicted = 0;
  for (const p of predictions) {
    if (p.gold === p.predicted) correct++;
    if (p.predicted === OOS_LABEL) oosPredicted++;
    if (p.gold === OOS_LABEL) {
      oos++;
      if (p.predicted === OOS_LABEL) oosCaught++;
    } else {
      inScope++;
      if (p.gold === p.predicted) inScopeCorrect++;
    }
  }
  const perIntent = perLabel(predictions);
  return {
    examples: predictions.length,
    accuracy: ratio(correct, predictions.length) ?? 0,
    inScopeAccuracy: ratio(inScopeCorrect, inScope) ?? 0,
    oosRecall: ratio(oosCaught, oos),
    oosPrecision: ratio(oosCaught, oosPredicted),
    macroF1: perIntent.length === 0 ? 0 : perIntent.reduce((s, m) => s + m.f1, 0) / perIntent.length,
    perIntent,
    confusedPairs: confusions(predictions),
  };
}
