/**
 * One unit of training work — an ensemble member on an encoded set — runnable in a worker thread or inline.
 * A job can also predict held-out messages itself, so fold models never travel back to the main thread.
 * Everything in a job is structured-cloneable (the encoded sets are on shared memory).
 */
import { type MemberWeights, memberForward } from '../model/network';
import type { NetworkOptions } from './hyperparameters';
import { MemberTrainer } from './member-trainer';
import type { EncodedSet } from './vocabulary';

/** A member to train. */
export interface MemberJob {
  id: number;
  options: NetworkOptions;
  seed: number;
  rows: number;
  classes: number;
  train: EncodedSet;
  /** Held-out messages (encoded with the same vocabulary): reported on per epoch, predicted at the end. */
  heldOut?: EncodedSet;
  /** Return the trained weights (the final model's members); fold members return predictions only. */
  keepWeights: boolean;
  /** Measure held-out accuracy after every epoch (only worth its cost when someone shows progress). */
  monitor: boolean;
}

/** What a job returns. */
export interface JobResult {
  weights: MemberWeights | null;
  /** Probabilities of every held-out message, row-major `[messages, classes]`, or null. */
  heldOutProbs: Float32Array | null;
}

/** Progress of a job after one epoch. */
export interface JobProgress {
  jobId: number;
  epoch: number;
  epochs: number;
  loss: number;
  /** Accuracy on (a sample of) the held-out messages, or null without any. */
  monitorAccuracy: number | null;
}

/** Progress display evaluates at most this many held-out messages per epoch. */
const MONITOR_LIMIT = 1000;

/** Largest number of features of one message in `set` (sizes the trainer's scratch buffers). */
export function maxFeatures(set: EncodedSet): number {
  let max = 1;
  for (let i = 0; i < set.size; i++)
    max = Math.max(max, (set.offsets[i + 1] as number) - (set.offsets[i] as number));
  return max;
}

function predictOne(member: MemberWeights, dim: number, set: EncodedSet, i: number): Float32Array {
  const from = set.offsets[i] as number;
  const to = set.offsets[i + 1] as number;
  return memberForward(member, dim, {
    rows: set.rows.subarray(from, to),
    values: set.values.subarray(from, to),
  });
}

/** Accuracy (all classes) of one member on every `step`-th message of an encoded set. */
export function memberAccuracy(member: MemberWeights, dim: number, set: EncodedSet, step = 1): number {
  let correct = 0;
  let total = 0;
  for (let i = 0; i < set.size; i += step) {
    const probs = predictOne(member, dim, set, i);
    let best = 0;
    for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[best] as number)) best = c;
    if (best === set.labels[i]) correct++;
    total++;
  }
  return total === 0 ? 0 : correct / total;
}

function predictAll(member: MemberWeights, job: MemberJob, set: EncodedSet): Float32Array {
  const out = new Float32Array(set.size * job.classes);
  for (let i = 0; i < set.size; i++) out.set(predictOne(member, job.options.dim, set, i), i * job.classes);
  return out;
}

/** Trains the job's member, reporting after every epoch, and predicts its held-out messages. */
export function runMemberJob(job: MemberJob, report: (progress: JobProgress) => void): JobResult {
  const heldOut = job.heldOut;
  const features = Math.max(maxFeatures(job.train), heldOut === undefined ? 1 : maxFeatures(heldOut));
  const trainer = new MemberTrainer(
    { ...job.options, rows: job.rows, classes: job.classes, maxFeatures: features },
    job.seed,
  );
  const step = heldOut === undefined ? 1 : Math.max(1, Math.ceil(heldOut.size / MONITOR_LIMIT));
  const weights = trainer.train(job.train, ({ epoch, loss }) => {
    const monitorAccuracy =
      heldOut === undefined ? null : memberAccuracy(trainer.weights, job.options.dim, heldOut, step);
    report({ jobId: job.id, epoch, epochs: job.options.epochs, loss, monitorAccuracy });
  });
  return {
    weights: job.keepWeights ? weights : null,
    heldOutProbs: heldOut === undefined ? null : predictAll(weights, job, heldOut),
  };
}
