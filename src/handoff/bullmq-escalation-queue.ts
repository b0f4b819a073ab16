import { randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../state/redis-options';
import { type ErrorReporter, warnOnError } from '../state/report-error';
import { BullMqTimers } from './bullmq-timers';
import {
  type AcceptEntry,
  comparePickOrder,
  DEFAULT_LIST_LIMIT,
  type EscalationQueue,
  type HandoffTimer,
  type QueueEntry,
  type TimerHandler,
} from './escalation-queue';
import { assertQueueEntry } from './queue-entry-guard';

/** Options of {@link BullMqEscalationQueue}. */
export interface BullMqEscalationQueueOptions {
  /**
   * A connection made with `createRedisConnection(url, { blocking: true })` (BullMQ workers need
   * `maxRetriesPerRequest: null`). Not owned: BullMQ duplicates it for its workers and closes
   * those; the caller quits this one after `close()`.
   */
  connection: Redis;
  /** Prefix of every key, default `swb:`; BullMQ keys live under `<keyPrefix>bull:`. */
  keyPrefix?: string;
  /**
   * How long a picked job stays locked before the stalled check puts it back (BullMQ
   * `lockDuration`). A pick holds it for milliseconds; the lock only matters when a process dies
   * between taking the job and completing it. Default 30 s (BullMQ's default).
   */
  lockDurationMs?: number;
  onError?: ErrorReporter;
}

/** BullMQ's own default lock duration; long enough that a busy event loop never loses a pick. */
const DEFAULT_LOCK_DURATION_MS = 30_000;
/**
 * Times a job may stall (its picker died) before BullMQ fails it. High on purpose: a failed job
 * would drop a waiting customer from the queue, while a stalled one just goes back to it.
 */
const MAX_STALLED_COUNT = 1_000;
/** Consecutive empty takes after a non-empty peek before a pick gives up (a paused queue, say). */
const MAX_EMPTY_TAKES = 5;
/** What picked jobs return; nothing reads it, the jobs are removed on completion. */
const PICKED = 'picked';

/**
 * The production `EscalationQueue`: one BullMQ queue per skill (`handoff-<skill>`), jobs keyed
 * by handoff id with a priority always set (a job without one would jump ahead of every
 * prioritised job), plus durable timers as delayed jobs (`handoff-timers`).
 *
 * A pick is `getNextJob(token, { block: false })` on the skill whose head is best, the caller's
 * atomic claim on the handoff record, then `moveToCompleted(…, false)` — `false` so BullMQ does
 * not lock the next job on our behalf. Two pickers never get the same job (BullMQ moves a job to
 * active atomically); a job whose handoff was already taken is completed and dropped.
 */
export class BullMqEscalationQueue implements EscalationQueue {
  private readonly queues = new Map<string, Queue<QueueEntry>>();
  private readonly workers = new Map<string, Worker<QueueEntry>>();
  private readonly timers: BullMqTimers;
  private readonly prefix: string;
  private readonly onError: ErrorReporter;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqEscalationQueueOptions) {
    this.prefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}bull`;
    this.onError = options.onError ?? warnOnError;
    this.timers = new BullMqTimers({
      connection: options.connection,
      prefix: this.prefix,
      onError: this.onError,
    });
  }

  async enqueue(entry: QueueEntry): Promise<void> {
    assertQueueEntry(entry);
    await this.queue(entry.skill).add('handoff', entry, {
      jobId: entry.handoffId,
      priority: entry.priority,
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  async remove(handoffId: string, skill: string): Promise<boolean> {
    const queue = this.queue(skill);
    const state = await queue.getJobState(handoffId);
    if (state !== 'prioritized' && state !== 'waiting') return false;
    try {
      return (await queue.remove(handoffId)) === 1;
    } catch {
      // Locked: a picker holds it right now, and its claim will find the handoff taken.
      return false;
    }
  }

  async pickNext(skills: readonly string[], accept: AcceptEntry): Promise<QueueEntry | undefined> {
    let misses = 0;
    while (misses < MAX_EMPTY_TAKES) {
      const skill = await this.bestSkill(skills);
      if (skill === undefined || this.closing) return undefined;
      const token = randomUUID();
      const job = await this.worker(skill).getNextJob(token, { block: false });
      if (!job) {
        // Emptied between the peek and the take (another picker was faster): look again.
        misses += 1;
        continue;
      }
      if (await this.offer(job, token, accept)) return job.data;
    }
    return undefined;
  }

  async position(handoffId: string, skill: string): Promise<number | undefined> {
    const key = this.queue(skill).keys['prioritized'] as string;
    const rank = await this.options.connection.zrank(key, handoffId);
    return rank === null ? undefined : rank + 1;
  }

  async depths(skills: readonly string[]): Promise<Record<string, number>> {
    const counts = await Promise.all(
      skills.map((skill) => this.queue(skill).getJobCountByTypes('prioritized', 'wait')),
    );
    return Object.fromEntries(skills.map((skill, i) => [skill, counts[i] ?? 0]));
  }

  async list(skill: string, limit = DEFAULT_LIST_LIMIT): Promise<QueueEntry[]> {
    const jobs = await this.queue(skill).getPrioritized(0, limit - 1);
    return jobs.flatMap((job) => (job?.data ? [job.data] : []));
  }

  scheduleTimer(timer: HandoffTimer, delayMs: number): Promise<void> {
    return this.timers.schedule(timer, delayMs);
  }

  cancelTimer(timer: HandoffTimer): Promise<void> {
    return this.timers.cancel(timer);
  }

  onTimer(handler: TimerHandler): Promise<void> {
    return this.timers.consume(handler);
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled([
      this.timers.close(),
      ...[...this.workers.values()].map((w) => w.close()),
      ...[...this.queues.values()].map((q) => q.close()),
    ]).then(() => {});
    return this.closing;
  }

  /** Completes the job when accepted or stale; puts it back when the claim failed with an error. */
  private async offer(job: Job<QueueEntry>, token: string, accept: AcceptEntry): Promise<boolean> {
    let accepted: boolean;
    try {
      accepted = await accept(job.data);
    } catch (error) {
      await job.moveToWait(token).catch((e: unknown) => this.onError(e, 'handoff job back to wait'));
      throw error;
    }
    await job.moveToCompleted(PICKED, token, false);
    return accepted;
  }

  /** The skill whose head is served first: lowest priority number, then the longest wait. */
  private async bestSkill(skills: readonly string[]): Promise<string | undefined> {
    const unique = [...new Set(skills)];
    const heads = await Promise.all(unique.map((skill) => this.queue(skill).getPrioritized(0, 0)));
    let best: QueueEntry | undefined;
    for (const job of heads.flat()) {
      if (job?.data && (!best || comparePickOrder(job.data, best) < 0)) best = job.data;
    }
    return best?.skill;
  }

  private queue(skill: string): Queue<QueueEntry> {
    let queue = this.queues.get(skill);
    if (!queue) {
      queue = new Queue<QueueEntry>(queueName(skill), {
        connection: this.options.connection,
        prefix: this.prefix,
      });
      queue.on('error', (error) => this.onError(error, `BullMQ queue ${queueName(skill)}`));
      this.queues.set(skill, queue);
    }
    return queue;
  }

  private worker(skill: string): Worker<QueueEntry> {
    let worker = this.workers.get(skill);
    if (!worker) {
      worker = new Worker<QueueEntry>(queueName(skill), null, {
        connection: this.options.connection,
        prefix: this.prefix,
        autorun: false,
        lockDuration: this.options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
        maxStalledCount: MAX_STALLED_COUNT,
      });
      worker.on('error', (error) => this.onError(error, `BullMQ worker ${queueName(skill)}`));
      // Manual fetching runs no stalled check by itself: start it, so a job whose picker died
      // between take and complete goes back to the queue after the lock duration.
      void worker.startStalledCheckTimer();
      this.workers.set(skill, worker);
    }
    return worker;
  }
}

/** The BullMQ queue name of a skill. */
export function queueName(skill: string): string {
  return `handoff-${skill}`;
}
