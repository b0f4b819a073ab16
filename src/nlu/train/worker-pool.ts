/**
 * Runs member jobs on a few worker threads (one per core by default) or inline. Results do not depend on
 * scheduling: every job carries its own seed and data.
 */
import { Worker } from 'node:worker_threads';
import { NluTrainingError } from '../../errors';
import { type JobProgress, type JobResult, type MemberJob, runMemberJob } from './member-job';
import type { WorkerMessage } from './train-worker';

/** Options of {@link runJobs}. */
export interface RunJobsOptions {
  /** Worker threads to use; 0 or 1 trains inline on the calling thread. */
  workers: number;
  onProgress?: (progress: JobProgress) => void;
}

function spawnWorker(): Worker {
  const file = require.resolve('./train-worker');
  if (file.endsWith('.ts')) {
    // Running from TypeScript sources (tsx, jest): load the worker through tsx's CommonJS hook.
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true });
  }
  return new Worker(file);
}

function runOnWorker(
  worker: Worker,
  job: MemberJob,
  onProgress?: (p: JobProgress) => void,
): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else {
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (message.kind === 'done') resolve(message.result);
        else reject(new NluTrainingError(`Training a model member failed: ${message.message}`));
      }
    };
    const onError = (error: Error): void =>
      reject(new NluTrainingError(`A training worker crashed: ${error.message}`, { cause: error }));
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job);
  });
}

/** Trains every job and returns the results in job order. */
export async function runJobs(jobs: readonly MemberJob[], options: RunJobsOptions): Promise<JobResult[]> {
  const results: JobResult[] = new Array(jobs.length);
  const count = Math.min(options.workers, jobs.length);
  let next = 0;
  // The calling thread is one of the runners: with N threads, N - 1 workers are started. It saves a
  // worker's memory; its progress reports are synchronous, the workers' arrive between its jobs.
  const inline = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = runMemberJob(jobs[index] as MemberJob, (p) => options.onProgress?.(p));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const onWorker = async (): Promise<void> => {
    const worker = spawnWorker();
    try {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await runOnWorker(worker, jobs[index] as MemberJob, options.onProgress);
      }
    } finally {
      // A worker ends as soon as no job is left for it, returning its memory early.
      await worker.terminate();
    }
  };
  const workers = Array.from({ length: Math.max(0, count - 1) }, onWorker);
  // Let the workers take their first jobs before the calling thread blocks on one.
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all([...workers, inline()]);
  return results;
}
