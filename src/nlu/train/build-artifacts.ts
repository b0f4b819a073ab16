/** Turns a trained model into its folder contents: `model.onnx` and the `model.json` manifest. */
import type { EntityDefinition } from '../data/nlu-data';
import { type ModelArtifacts, sha256 } from '../model/model-files';
import { MANIFEST_FORMAT, type ModelManifest } from '../model/model-manifest';
import { exportOnnx } from '../model/onnx-export';
import type { LabeledExample } from '../types';
import { describeThresholdChoice } from './threshold';
import type { TrainedIntentModel } from './train-intent-model';

/** Options of {@link buildArtifacts}. */
export interface BuildArtifactsOptions {
  /** Training date (default: now); kept out of `model.onnx`, so the graph bytes stay reproducible. */
  trainedAt?: Date;
  /** Extra metrics to record (e.g. from an evaluation run). */
  metrics?: Record<string, number | null>;
  /** Entity definitions from the data, stored with the model for the runtime. */
  entities?: readonly EntityDefinition[];
}

/** SHA-256 over the training examples and every setting that shapes the model. */
export function dataHash(examples: readonly LabeledExample[], settings: unknown): string {
  const lines = examples.map((e) => JSON.stringify([e.intent, e.text]));
  return sha256(`${JSON.stringify(settings)}\n${lines.join('\n')}`);
}

function heldOutMetrics(model: TrainedIntentModel): Record<string, number | null> {
  const point = model.sweep.find((p) => p.threshold === model.threshold);
  const nanToNull = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
  return {
    heldOutExamples: model.heldOut.length,
    heldOutInScopeAccuracy: nanToNull(point?.inScopeAccuracy),
    heldOutOosRecall: nanToNull(point?.oosRecall),
    heldOutCost: nanToNull(point?.cost),
  };
}

/** Builds `model.onnx` and its manifest for `model`, trained on `examples`. */
export function buildArtifacts(
  model: TrainedIntentModel,
  examples: readonly LabeledExample[],
  options: BuildArtifactsOptions = {},
): ModelArtifacts {
  const onnx = exportOnnx(model.net);
  const trainedAt = (options.trainedAt ?? new Date()).toISOString();
  const hash = dataHash(examples, {
    featurizer: model.featurizer,
    network: model.network,
    threshold: model.thresholdOptions,
    // A model whose threshold came from a validation set differs from one trained on the same data alone.
    thresholdMethod: model.thresholdMethod,
    heldOut: model.heldOut.length,
  });
  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    modelId: `${hash.slice(0, 12)}@${trainedAt}`,
    labels: model.labels,
    oosIndex: model.oosIndex,
    featurizer: { ...model.featurizer },
    entities: [...(options.entities ?? [])],
    network: { ...model.network, thresholdOptions: model.thresholdOptions },
    threshold: model.threshold,
    thresholdMethod: `${model.thresholdMethod}; ${describeThresholdChoice(model.thresholdOptions)}`,
    dataHash: hash,
    onnxSha256: sha256(onnx),
    metrics: { ...heldOutMetrics(model), ...options.metrics },
    trainedAt,
    trainingSeconds: Math.round(model.trainingSeconds * 100) / 100,
    examples: examples.length,
  };
  return { manifest, onnx };
}
