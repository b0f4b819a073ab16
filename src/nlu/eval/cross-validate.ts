/**
 * K-fold cross-validation of the whole training recipe: each fold trains a model (threshold included) on
 * the other folds and predicts its own messages; the pooled predictions are evaluated like a test set.
 */
import { NluTrainingError } from '../../errors';
import { Featurizer } from '../featurizer';
import { decide } from '../model/decision';
import { forward, sublinearTf } from '../model/network';
import { stratifiedFolds } from '../train/folds';
import { type HeldOutPrediction, sweepThresholds } from '../train/threshold';
import { type TrainIntentModelOptions, trainIntentModel } from '../train/train-intent-model';
import { type LabeledExample, OOS_LABEL } from '../types';
import type { EvaluationResult } from './evaluate';
import { computeMetrics, type ScoredPrediction } from './metrics';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions extends TrainIntentModelOptions {
  /** Number of folds (at least 2). */
  k: number;
  onFold?: (fold: number, k: number) => void;
}

/** Evaluates the training recipe on `examples` by K-fold cross-validation. */
export async function crossValidate(
  examples: readonly LabeledExample[],
  options: CrossValidateOptions,
): Promise<EvaluationResult> {
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const folds = stratifiedFolds(
    Int32Array.from(examples, (e) => index.get(e.intent) as number),
    options.k,
    options.network?.seed ?? 1,
  );
  const predictions: ScoredPrediction[] = new Array(examples.length);
  const heldOut: HeldOutPrediction[] = new Array(examples.length);
  let thresholds = 0;
  for (let fold = 0; fold < options.k; fold++) {
    options.onFold?.(fold + 1, options.k);
    const train = examples.filter((_, i) => folds[i] !== fold);
    const model = await trainIntentModel(train, options);
    if (model.labels.join('\n') !== labels.join('\n')) {
      throw new NluTrainingError(
        `Fold ${fold + 1} lacks some intents: give every intent at least ${options.k} examples for ${options.k}-fold cross-validation.`,
      );
    }
    const featurizer = new Featurizer(model.featurizer);
    thresholds += model.threshold;
    examples.forEach((example, i) => {
      if (folds[i] !== fold) return;
      const f = featurizer.featurize(example.text);
      const probs = forward(model.net, f.ids, sublinearTf(f.counts));
      const d = decide(probs, model.oosIndex, model.threshold);
      const predicted = d.outOfScope ? OOS_LABEL : (model.labels[d.topIndex] as string);
      predictions[i] = { gold: example.intent, predicted, topScore: d.topScore };
      heldOut[i] = { probs, gold: index.get(example.intent) as number };
    });
  }
  const oosIndex = labels.indexOf(OOS_LABEL);
  return {
    modelId: `cross-validation (${options.k} folds)`,
    threshold: thresholds / options.k,
    labels,
    metrics: computeMetrics(predictions),
    predictions,
    sweep: sweepThresholds(heldOut, oosIndex),
  };
}
