import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger';

/** A store that deletes what is older than a date (transcripts, analytics events, audit-free data). */
export interface RetentionTarget {
  /** Stable name, for logs and the run's report. */
  readonly name: string;
  /** Deletes records older than `date`; returns how many went. */
  deleteOlderThan(date: Date): Promise<number>;
}

/** Options of {@link RetentionJob}. */
export interface RetentionJobOptions {
  targets: readonly RetentionTarget[];
  /** `privacy.retentionDays`: records older than this many days go. */
  retentionDays: number;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  logger?: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One retention sweep: asks every target to delete what is older than `retentionDays`. A failing
 * target is logged and reported as -1; the others still run.
 *
 * @example await new RetentionJob({ targets: [transcripts, analytics], retentionDays: 90 }).runOnce();
 */
export class RetentionJob {
  constructor(private readonly options: RetentionJobOptions) {}

  /** The instant before which records are deleted. */
  cutoff(): Date {
    const now = this.options.now?.() ?? new Date();
    return new Date(now.getTime() - this.options.retentionDays * DAY_MS);
  }

  /** Runs every target once; resolves with how many records each deleted. */
  async runOnce(): Promise<Record<string, number>> {
    const cutoff = this.cutoff();
    const deleted: Record<string, number> = {};
    for (const target of this.options.targets) {
      try {
        deleted[target.name] = await target.deleteOlderThan(cutoff);
      } catch (error) {
        deleted[target.name] = -1;
        this.options.logger?.error({ err: error, target: target.name }, 'retention sweep failed');
      }
    }
    this.options.logger?.info({ cutoff: cutoff.toISOString(), deleted }, 'retention sweep done');
    return deleted;
  }
}

/** Options of {@link scheduleRetention}. */
export interface ScheduleRetentionOptions {
  job: Pick<RetentionJob, 'runOnce'>;
  intervalMs: number;
  /**
   * A BullMQ connection (`createRedisConnection(url, { blocking: true })`): the sweep becomes a
   * repeatable job, run by one process of the deployment per interval. Without it, a timer in this process.
   */
  connection?: Redis;
  /** Prefix of the BullMQ keys, default `swb:` (keys under `<keyPrefix>bull:`). */
  keyPrefix?: string;
  logger?: Logger;
}

/** A running schedule; `close()` is idempotent. */
export interface RetentionSchedule {
  close(): Promise<void>;
}

const QUEUE_NAME = 'privacy-retention';

/** Runs the retention job every `intervalMs`: a BullMQ job scheduler with Redis, else a timer. */
export async function scheduleRetention(options: ScheduleRetentionOptions): Promise<RetentionSchedule> {
  return options.connection ? scheduleOnBullMq(options, options.connection) : scheduleOnTimer(options);
}

function scheduleOnTimer(options: ScheduleRetentionOptions): RetentionSchedule {
  const run = () =>
    void options.job.runOnce().catch((e: unknown) => options.logger?.error({ err: e }, 'retention'));
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return { close: async () => clearInterval(timer) };
}

async function scheduleOnBullMq(
  options: ScheduleRetentionOptions,
  connection: Redis,
): Promise<RetentionSchedule> {
  const prefix = `${options.keyPrefix ?? 'swb:'}bull`;
  const queue = new Queue(QUEUE_NAME, { connection, prefix });
  // One scheduler id for the whole deployment: every process upserts the same one, BullMQ runs it once per interval.
  await queue.upsertJobScheduler(
    'retention',
    { every: options.intervalMs },
    {
      name: 'retention',
      opts: { removeOnComplete: true, removeOnFail: 100 },
    },
  );
  const worker = new Worker(QUEUE_NAME, async () => options.job.runOnce(), { connection, prefix });
  worker.on('error', (error) => options.logger?.error({ err: error }, 'retention worker'));
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= Promise.allSettled([worker.close(), queue.close()]).then(() => {});
      return closing;
    },
  };
}
