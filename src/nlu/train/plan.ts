/**
 * Plans the training jobs: the final ensemble, plus either one model per cross-validation fold (each with
 * its own vocabulary, so held-out messages meet unknown n-grams as live traffic does) or nothing extra
 * when a validation set is given. Then turns the job results into the final network and the held-out
 * predictions the threshold is chosen on.
 */
import type { SparseFeatures } from '../featurizer';
import type { MemberWeights, NetworkWeights } from '../model/network';
import { stratifiedFolds } from './folds';
import type { NetworkOptions } from './hyperparameters';
import type { JobResult, MemberJob } from './member-job';
import type { HeldOutPrediction } from './threshold';
import { buildVocabulary, encode, type Vocabulary } from './vocabulary';

/** Inputs of {@link planJobs}. */
export interface PlanInput {
  features: SparseFeatures[];
  gold: Int32Array;
  classes: number;
  network: NetworkOptions;
  buckets: number;
  validation: { features: SparseFeatures[]; gold: Int32Array } | undefined;
  folds: number;
  /** Fold models are trained until about this many training examples have been used. */
  foldBudget: number;
  /** Index of the out-of-scope class, or -1. */
  oosIndex: number;
  /** Report held-out accuracy after every epoch. */
  monitor: boolean;
}

interface JobGroup {
  kind: 'fold' | 'final';
  jobIds: number[];
  /** Gold classes of the messages this group predicts for threshold selection. */
  heldOutGold: Int32Array;
}

/** The jobs to run and how to read their results. */
export interface TrainPlan {
  jobs: MemberJob[];
  groups: JobGroup[];
  /** The final model's vocabulary. */
  vocab: Vocabulary;
  thresholdMethod: string;
  network: NetworkOptions;
  classes: number;
}

/**
 * Messages with no known feature (gibberish, emoji, another language) reach the network as an empty bag.
 * When the data has out-of-scope examples, a few empty bags labelled out-of-scope teach the network that
 * an empty bag means "not understood": this many per thousand training messages, at least 3.
 */
const EMPTY_BAGS_PER_THOUSAND = 2;
const MIN_EMPTY_BAGS = 3;
const EMPTY_BAG: SparseFeatures = { ids: new Int32Array(0), counts: new Float32Array(0) };

function withEmptyBags(
  features: SparseFeatures[],
  labels: number[],
  oosIndex: number,
): { features: SparseFeatures[]; labels: number[] } {
  if (oosIndex < 0) return { features, labels };
  const count = Math.max(MIN_EMPTY_BAGS, Math.round((features.length * EMPTY_BAGS_PER_THOUSAND) / 1000));
  return {
    features: [...features, ...new Array<SparseFeatures>(count).fill(EMPTY_BAG)],
    labels: [...labels, ...new Array<number>(count).fill(oosIndex)],
  };
}

function memberSeed(seed: number, group: number, member: number): number {
  return (
    (Math.imul(seed >>> 0, 0x9e3779b1) ^
      Math.imul(group + 1, 0x85ebca6b) ^
      Math.imul(member + 1, 0xc2b2ae35)) >>>
    0
  );
}

function subset<T>(items: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => items[i] as T);
}

interface GroupSpec {
  kind: 'fold' | 'final';
  /** Seeds depend on the group number (0 = final), not on the order jobs are planned in. */
  group: number;
  trainIdx: number[];
  /** Held-out messages of this group (features + gold), if any. */
  heldOut?: { features: SparseFeatures[]; gold: Int32Array };
}

function addGroup(plan: Pick<TrainPlan, 'jobs' | 'groups'>, input: PlanInput, spec: GroupSpec): Vocabulary {
  const trainFeatures = subset(input.features, spec.trainIdx);
  const vocab = buildVocabulary(trainFeatures, input.buckets, input.network.minFeatureCount);
  const padded = withEmptyBags(trainFeatures, subset(input.gold, spec.trainIdx), input.oosIndex);
  const train = encode(vocab, padded.features, padded.labels);
  const heldOut =
    spec.heldOut === undefined ? undefined : encode(vocab, spec.heldOut.features, spec.heldOut.gold);
  const entry: JobGroup = {
    kind: spec.kind,
    jobIds: [],
    heldOutGold: spec.heldOut?.gold ?? new Int32Array(0),
  };
  for (let m = 0; m < input.network.ensembleSize; m++) {
    const id = plan.jobs.length;
    const seed = memberSeed(input.network.seed, spec.group, m);
    const { network: options, classes } = input;
    plan.jobs.push({
      id,
      options,
      seed,
      rows: vocab.rows,
      classes,
      train,
      heldOut,
      keepWeights: spec.kind === 'final',
      monitor: input.monitor,
    });
    entry.jobIds.push(id);
  }
  plan.groups.push(entry);
  return vocab;
}

/** How many folds to train: all of them for small data, fewer (at least one) as the data grows. */
function foldsToRun(input: PlanInput): number {
  const perFold = Math.max(1, input.features.length * (1 - 1 / input.folds));
  return Math.max(1, Math.min(input.folds, Math.floor(input.foldBudget / perFold)));
}

/** Plans the final ensemble plus the fold models (or validation-set scoring) for the threshold. */
export function planJobs(input: PlanInput): TrainPlan {
  const all = Array.from({ length: input.features.length }, (_, i) => i);
  const runs = foldsToRun(input);
  const thresholdMethod =
    input.validation !== undefined
      ? 'validation set'
      : `cross-validation over the training data (${runs} of ${input.folds} stratified folds held out)`;
  // Fold jobs first: the main thread then holds only their small predictions while the final members train.
  const parts: Pick<TrainPlan, 'jobs' | 'groups'> = { jobs: [], groups: [] };
  if (input.validation === undefined) {
    const folds = stratifiedFolds(input.gold, input.folds, input.network.seed);
    for (let f = 0; f < runs; f++) {
      const inFold = all.filter((i) => folds[i] === f);
      const heldOut = {
        features: subset(input.features, inFold),
        gold: Int32Array.from(subset(input.gold, inFold)),
      };
      addGroup(parts, input, {
        kind: 'fold',
        group: f + 1,
        trainIdx: all.filter((i) => folds[i] !== f),
        heldOut,
      });
    }
  }
  const vocab = addGroup(parts, input, { kind: 'final', group: 0, trainIdx: all, heldOut: input.validation });
  return { ...parts, vocab, thresholdMethod, network: input.network, classes: input.classes };
}

/** The stage a job belongs to, for progress reports. */
export function stageOf(plan: TrainPlan, jobId: number): 'cross-validation' | 'final' {
  return plan.groups.find((g) => g.jobIds.includes(jobId))?.kind === 'final' ? 'final' : 'cross-validation';
}

/** The final network from the final group's member weights. */
export function finalNet(plan: TrainPlan, results: readonly JobResult[]): NetworkWeights {
  const group = plan.groups.find((g) => g.kind === 'final') as JobGroup;
  const members = group.jobIds.map((id) => results[id]?.weights as MemberWeights);
  const { vocab } = plan;
  return {
    buckets: vocab.buckets,
    remap: vocab.remap,
    idf: vocab.idf,
    rows: vocab.rows,
    dim: plan.network.dim,
    classes: plan.classes,
    members,
  };
}

/** Held-out predictions of every group with held-out messages: the members' probabilities averaged. */
export function heldOutPredictions(plan: TrainPlan, results: readonly JobResult[]): HeldOutPrediction[] {
  const out: HeldOutPrediction[] = [];
  const c = plan.classes;
  for (const group of plan.groups) {
    const memberProbs = group.jobIds
      .map((id) => results[id]?.heldOutProbs)
      .filter((p): p is Float32Array => p != null);
    if (memberProbs.length === 0) continue;
    group.heldOutGold.forEach((gold, i) => {
      const probs = new Float32Array(c);
      for (const p of memberProbs)
        for (let k = 0; k < c; k++)
          probs[k] = (probs[k] as number) + (p[i * c + k] as number) / memberProbs.length;
      out.push({ probs, gold });
    });
  }
  return out;
}
