/**
 * Trains an intent model end to end: featurize, pick the out-of-scope threshold on held-out predictions
 * (a validation set, or cross-validation over the training data), train the final ensemble.
 * Deterministic for the same examples and options.
 */
import { availableParallelism } from 'node:os';
import { NluTrainingError } from '../../errors';
import {
  DEFAULT_FEATURIZER_OPTIONS,
  Featurizer,
  type FeaturizerOptions,
  type SparseFeatures,
} from '../featurizer';
import { roundToFloat16 } from '../model/float16';
import type { NetworkWeights } from '../model/network';
import { type LabeledExample, OOS_LABEL } from '../types';
import { defaultNetworkOptions, type NetworkOptions } from './hyperparameters';
import type { JobResult } from './member-job';
import { finalNet, heldOutPredictions, planJobs, stageOf, type TrainPlan } from './plan';
import {
  chooseThreshold,
  DEFAULT_THRESHOLD_OPTIONS,
  type HeldOutPrediction,
  type SweepPoint,
  type ThresholdOptions,
} from './threshold';
import { featurizeAll } from './vocabulary';
import { runJobs } from './worker-pool';

/** Options of {@link trainIntentModel}. */
export interface TrainIntentModelOptions {
  network?: Partial<NetworkOptions>;
  featurizer?: Partial<FeaturizerOptions>;
  threshold?: Partial<ThresholdOptions>;
  /** Held-out examples to choose the threshold on; without them, cross-validation over the training data. */
  validation?: readonly LabeledExample[];
  /** Folds of the cross-validation (default 5). */
  folds?: number;
  /** Worker threads (default: one per core, at most 2, and none for small jobs); 0 trains on the calling thread. */
  workers?: number;
  onProgress?: (event: TrainProgressEvent) => void;
}

/** Progress after one epoch of one training job. */
export interface TrainProgressEvent {
  stage: 'cross-validation' | 'final';
  job: number;
  jobs: number;
  epoch: number;
  epochs: number;
  loss: number;
  /** Accuracy on the held-out messages of this job (validation set or fold), or null. */
  validationAccuracy: number | null;
}

/** The trained network with its labels, threshold and the held-out evidence for it. */
export interface TrainedIntentModel {
  net: NetworkWeights;
  labels: string[];
  oosIndex: number;
  featurizer: FeaturizerOptions;
  network: NetworkOptions;
  threshold: number;
  thresholdMethod: string;
  thresholdOptions: ThresholdOptions;
  sweep: SweepPoint[];
  heldOut: HeldOutPrediction[];
  trainingSeconds: number;
}

const DEFAULT_FOLDS = 5;
/** Cross-validation trains folds until about this many examples' worth of fold models (bounds training time). */
const FOLD_BUDGET_EXAMPLES = 12_000;
const MAX_DEFAULT_WORKERS = 2;
/** Below this many message-epochs in total, jobs run inline: about a second of work. */
const INLINE_WORK_LIMIT = 300_000;

function labelIndex(examples: readonly LabeledExample[]): { labels: string[]; index: Map<string, number> } {
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  if (labels.filter((l) => l !== OOS_LABEL).length < 2) {
    throw new NluTrainingError(
      `Training needs at least 2 intents with examples; found ${labels.join(', ') || 'none'}.`,
    );
  }
  return { labels, index: new Map(labels.map((l, i) => [l, i])) };
}

function resolveOptions(
  options: TrainIntentModelOptions,
  examples: number,
): { network: NetworkOptions; featurizer: Featurizer; workers: number } {
  const network = { ...defaultNetworkOptions(examples), ...options.network };
  const featurizer = new Featurizer({ ...DEFAULT_FEATURIZER_OPTIONS, ...options.featurizer });
  const workers = options.workers ?? Math.min(MAX_DEFAULT_WORKERS, availableParallelism());
  return { network, featurizer, workers };
}

/** Featurized training (and validation) messages with their class indices. */
interface PreparedData {
  features: SparseFeatures[];
  gold: Int32Array;
  validation: { features: SparseFeatures[]; gold: Int32Array } | undefined;
}

function prepare(
  examples: readonly LabeledExample[],
  options: TrainIntentModelOptions,
  featurizer: Featurizer,
  index: Map<string, number>,
): PreparedData {
  const unknown = options.validation?.find((e) => !index.has(e.intent));
  if (unknown !== undefined) {
    throw new NluTrainingError(
      `The validation set uses intent "${unknown.intent}", which has no training examples.`,
    );
  }
  const encodeSet = (set: readonly LabeledExample[]) => ({
    features: featurizeAll(
      featurizer,
      set.map((e) => e.text),
    ),
    gold: Int32Array.from(set, (e) => index.get(e.intent) as number),
  });
  const train = encodeSet(examples);
  return {
    ...train,
    validation: options.validation === undefined ? undefined : encodeSet(options.validation),
  };
}

function runPlan(plan: TrainPlan, options: TrainIntentModelOptions, workers: number): Promise<JobResult[]> {
  const work = plan.jobs.reduce((sum, job) => sum + job.train.size * job.options.epochs, 0);
  return runJobs(plan.jobs, {
    // Starting worker threads costs more than training a small model inline (unless asked for explicitly).
    workers: options.workers === undefined && work < INLINE_WORK_LIMIT ? 0 : workers,
    onProgress: (p) =>
      options.onProgress?.({
        stage: stageOf(plan, p.jobId),
        job: p.jobId + 1,
        jobs: plan.jobs.length,
        epoch: p.epoch,
        epochs: p.epochs,
        loss: p.loss,
        validationAccuracy: p.monitorAccuracy,
      }),
  });
}

function makePlan(a: {
  examples: readonly LabeledExample[];
  options: TrainIntentModelOptions;
  featurizer: Featurizer;
  index: Map<string, number>;
  labels: string[];
  network: NetworkOptions;
}): TrainPlan {
  const data = prepare(a.examples, a.options, a.featurizer, a.index);
  return planJobs({
    features: data.features,
    gold: data.gold,
    classes: a.labels.length,
    oosIndex: a.labels.indexOf(OOS_LABEL),
    network: a.network,
    buckets: a.featurizer.options.buckets,
    validation: data.validation,
    folds: a.options.folds ?? DEFAULT_FOLDS,
    foldBudget: FOLD_BUDGET_EXAMPLES,
    monitor: a.options.onProgress !== undefined,
  });
}

/** Trains an intent model on `examples` (`intent: "oos"` marks out-of-scope examples). */
export async function trainIntentModel(
  examples: readonly LabeledExample[],
  options: TrainIntentModelOptions = {},
): Promise<TrainedIntentModel> {
  const started = performance.now();
  const { labels, index } = labelIndex(examples);
  const { network, featurizer, workers } = resolveOptions(options, examples.length);
  // The featurized messages stay inside makePlan, so they can be freed while the jobs train.
  const plan = makePlan({ examples, options, featurizer, index, labels, network });
  const results = await runPlan(plan, options, workers);
  return finish({ plan, results, labels, network, featurizer: featurizer.options, options, started });
}

function finish(args: {
  plan: TrainPlan;
  results: JobResult[];
  labels: string[];
  network: NetworkOptions;
  featurizer: FeaturizerOptions;
  options: TrainIntentModelOptions;
  started: number;
}): TrainedIntentModel {
  const { plan, results, labels } = args;
  const oosIndex = labels.indexOf(OOS_LABEL);
  const thresholdOptions = { ...DEFAULT_THRESHOLD_OPTIONS, ...args.options.threshold };
  const heldOut = heldOutPredictions(plan, results);
  const net = finalNet(plan, results);
  // model.onnx stores the table as float16; rounding here keeps the TypeScript model identical to it.
  for (const member of net.members) roundToFloat16(member.embedding);
  const { threshold, sweep } = chooseThreshold(heldOut, oosIndex, thresholdOptions);
  return {
    net,
    labels,
    oosIndex,
    featurizer: args.featurizer,
    network: args.network,
    threshold,
    thresholdMethod: plan.thresholdMethod,
    thresholdOptions,
    sweep,
    heldOut,
    trainingSeconds: (performance.now() - args.started) / 1000,
  };
}
