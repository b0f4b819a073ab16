import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ErrorReporter } from '../state/report-error';
import { type HandoffTimer, type TimerHandler, timerId } from './escalation-queue';
import { assertJobId } from './queue-entry-guard';

/** The BullMQ queue that holds every handoff timer as a delayed job. */
export const TIMERS_QUEUE_NAME = 'handoff-timers';

/** Timers handled at once per process: handlers are short Redis round trips plus one message. */
const TIMER_CONCURRENCY = 8;

/** Options of {@link BullMqTimers}. */
export interface BullMqTimersOptions {
  /** Not owned (see `BullMqEscalationQueueOptions.connection`). */
  connection: Redis;
  /** BullMQ key prefix. */
  prefix: string;
  onError: ErrorReporter;
}

/**
 * Durable handoff timers: a delayed BullMQ job per timer, id from `timerId` (so scheduling twice
 * keeps one), consumed in every worker process (`serve --role worker` or `all`). A timer due while
 * no worker runs fires when the next one starts, which is what makes a wait timeout survive a restart.
 */
export class BullMqTimers {
  private readonly queue: Queue<HandoffTimer>;
  private worker: Worker<HandoffTimer> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqTimersOptions) {
    this.queue = new Queue<HandoffTimer>(TIMERS_QUEUE_NAME, {
      connection: options.connection,
      prefix: options.prefix,
    });
    this.queue.on('error', (error) => options.onError(error, 'BullMQ handoff timers queue'));
  }

  /** Adds the delayed job (a no-op when a job with the timer's id is already waiting). */
  async schedule(timer: HandoffTimer, delayMs: number): Promise<void> {
    const jobId = timerId(timer);
    assertJobId(jobId);
    await this.queue.add(timer.kind, timer, {
      jobId,
      delay: Math.max(0, Math.round(delayMs)),
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  /** Removes a timer that has not fired; a timer being handled right now is left alone. */
  async cancel(timer: HandoffTimer): Promise<void> {
    await this.queue.remove(timerId(timer)).catch(() => 0);
  }

  /** Starts the worker that hands fired timers to `handler` (once; later calls are ignored). */
  async consume(handler: TimerHandler): Promise<void> {
    if (this.worker || this.closing) return;
    this.worker = new Worker<HandoffTimer>(TIMERS_QUEUE_NAME, (job) => handler(job.data), {
      connection: this.options.connection,
      prefix: this.options.prefix,
      concurrency: TIMER_CONCURRENCY,
    });
    this.worker.on('error', (error) => this.options.onError(error, 'BullMQ handoff timers worker'));
    this.worker.on('failed', (job, error) =>
      this.options.onError(error, `handoff timer ${job?.id ?? 'unknown'} failed`),
    );
    await this.worker.waitUntilReady();
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled([this.worker?.close(), this.queue.close()]).then(() => {});
    return this.closing;
  }
}
