/** Worker-thread entry: trains the member jobs it is sent and posts progress and results back. */
import { parentPort } from 'node:worker_threads';
import { type JobResult, type MemberJob, runMemberJob } from './member-job';

/** Messages a training worker posts. */
export type WorkerMessage =
  | { kind: 'progress'; progress: import('./member-job').JobProgress }
  | { kind: 'done'; jobId: number; result: JobResult }
  | { kind: 'failed'; jobId: number; message: string };

function transferables(result: JobResult): ArrayBuffer[] {
  const arrays: Float32Array[] = [];
  if (result.weights !== null) {
    const { embedding, embeddingBias, layers } = result.weights;
    arrays.push(embedding, embeddingBias, ...layers.flatMap((l) => [l.weights, l.bias]));
  }
  if (result.heldOutProbs !== null) arrays.push(result.heldOutProbs);
  return arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

const port = parentPort;
if (port !== null) {
  port.on('message', (job: MemberJob) => {
    try {
      const result = runMemberJob(job, (progress) =>
        port.postMessage({ kind: 'progress', progress } satisfies WorkerMessage),
      );
      // Move the weights to the main thread instead of copying them (the worker is done with them).
      port.postMessage(
        { kind: 'done', jobId: job.id, result } satisfies WorkerMessage,
        transferables(result),
      );
    } catch (error) {
      port.postMessage({
        kind: 'failed',
        jobId: job.id,
        message: (error as Error).message,
      } satisfies WorkerMessage);
    }
  });
}
