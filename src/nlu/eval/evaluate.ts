/** Runs a model over labelled messages and computes metrics, the threshold sweep and confidences. */
import type { IntentModel } from '../intent-model';
import { decide } from '../model/decision';
import { type HeldOutPrediction, type SweepPoint, sweepThresholds } from '../train/threshold';
import { type LabeledExample, OOS_LABEL } from '../types';
import { computeMetrics, type Metrics, type ScoredPrediction } from './metrics';

/** Everything an evaluation produces (the CLI prints it, the HTML report draws it). */
export interface EvaluationResult {
  modelId: string;
  threshold: number;
  labels: readonly string[];
  metrics: Metrics;
  predictions: ScoredPrediction[];
  sweep: SweepPoint[];
}

/** Labels, out-of-scope index and threshold of the model being evaluated. */
export interface ModelDescription {
  modelId: string;
  labels: readonly string[];
  oosIndex: number;
  threshold: number;
}

/** Gold index used for intents the model does not know: it never matches a prediction. */
const UNKNOWN_GOLD = -2;

/** Evaluates already computed probabilities (one array per example) against the examples' labels. */
export function evaluateProbabilities(
  model: ModelDescription,
  examples: readonly LabeledExample[],
  probabilities: readonly Float32Array[],
): EvaluationResult {
  const index = new Map(model.labels.map((l, i) => [l, i]));
  const predictions: ScoredPrediction[] = [];
  const heldOut: HeldOutPrediction[] = [];
  examples.forEach((example, i) => {
    const probs = probabilities[i] as Float32Array;
    const d = decide(probs, model.oosIndex, model.threshold);
    const predicted = d.outOfScope ? OOS_LABEL : (model.labels[d.topIndex] as string);
    predictions.push({ gold: example.intent, predicted, topScore: d.topScore });
    const gold = example.intent === OOS_LABEL ? model.oosIndex : (index.get(example.intent) ?? UNKNOWN_GOLD);
    heldOut.push({ probs, gold });
  });
  return {
    modelId: model.modelId,
    threshold: model.threshold,
    labels: model.labels,
    metrics: computeMetrics(predictions),
    predictions,
    sweep: sweepThresholds(heldOut, model.oosIndex),
  };
}

/** Classifies every example with the loaded model (onnxruntime) and evaluates the results. */
export async function evaluateModel(
  model: IntentModel,
  examples: readonly LabeledExample[],
): Promise<EvaluationResult> {
  const probabilities: Float32Array[] = [];
  for (const example of examples) probabilities.push((await model.classify(example.text)).probs);
  const description = {
    modelId: model.modelId,
    labels: model.labels,
    oosIndex: model.manifest.oosIndex,
    threshold: model.threshold,
  };
  return evaluateProbabilities(description, examples, probabilities);
}
