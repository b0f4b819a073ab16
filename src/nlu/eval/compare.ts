/**
 * Per-intent comparison of two models on the same data, so a retrain that breaks a working intent is
 * visible before it ships.
 */
import type { EvaluationResult } from './evaluate';

/** How one intent changed between the baseline and the candidate. */
export interface IntentDelta {
  intent: string;
  support: number;
  baselineF1: number;
  candidateF1: number;
  deltaF1: number;
  baselineRecall: number;
  candidateRecall: number;
  deltaRecall: number;
}

/** The comparison: headline deltas, every intent's delta (worst first) and the regressions. */
export interface ModelComparison {
  baselineModelId: string;
  candidateModelId: string;
  deltas: { accuracy: number; inScopeAccuracy: number; oosRecall: number | null; macroF1: number };
  intents: IntentDelta[];
  /** Intents whose F1 dropped by more than `maxDrop`. */
  regressions: IntentDelta[];
}

/** An F1 drop larger than this on one intent is flagged as a regression by default. */
export const DEFAULT_MAX_F1_DROP = 0.05;

/** Compares a candidate evaluation with a baseline evaluation of the same examples. */
export function compareEvaluations(
  baseline: EvaluationResult,
  candidate: EvaluationResult,
  maxDrop: number = DEFAULT_MAX_F1_DROP,
): ModelComparison {
  const before = new Map(baseline.metrics.perIntent.map((m) => [m.intent, m]));
  const intents = candidate.metrics.perIntent.map((after): IntentDelta => {
    const old = before.get(after.intent);
    const baselineF1 = old?.f1 ?? 0;
    const baselineRecall = old?.recall ?? 0;
    return {
      intent: after.intent,
      support: after.support,
      baselineF1,
      candidateF1: after.f1,
      deltaF1: after.f1 - baselineF1,
      baselineRecall,
      candidateRecall: after.recall,
      deltaRecall: after.recall - baselineRecall,
    };
  });
  intents.sort((a, b) => a.deltaF1 - b.deltaF1 || a.intent.localeCompare(b.intent));
  const b = baseline.metrics;
  const c = candidate.metrics;
  return {
    baselineModelId: baseline.modelId,
    candidateModelId: candidate.modelId,
    deltas: {
      accuracy: c.accuracy - b.accuracy,
      inScopeAccuracy: c.inScopeAccuracy - b.inScopeAccuracy,
      oosRecall: c.oosRecall === null || b.oosRecall === null ? null : c.oosRecall - b.oosRecall,
      macroF1: c.macroF1 - b.macroF1,
    },
    intents,
    regressions: intents.filter((d) => d.deltaF1 < -maxDrop),
  };
}
