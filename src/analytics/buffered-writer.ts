import type { Logger } from '../logging/logger';

/** Options of {@link BufferedWriter}. */
export interface BufferedWriterOptions<T> {
  /** Writes one batch, all or nothing (one transaction). */
  write(batch: T[]): Promise<void>;
  /** Items kept while the database is slow or down; past it the oldest are dropped (counted). */
  capacity?: number;
  /** Items per write. */
  batchSize?: number;
  /** How long an item may wait for a fuller batch. */
  flushIntervalMs?: number;
  /** First retry delay after a failed write; doubles per failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  logger?: Logger;
  /** Names the writer in logs (`analytics events`, `transcripts`). */
  label?: string;
}

/** A writer's counters, for gauges and tests. */
export interface BufferedWriterStats {
  /** Items waiting to be written (including a batch in flight). */
  backlog: number;
  /** Items dropped because the buffer was full, since start. */
  dropped: number;
  /** Items written, since start. */
  written: number;
  /** Failed writes in a row (0 when the last one succeeded). */
  failures: number;
}

/** Enough for several minutes of a busy deployment's events with the database down, in a few MB. */
const DEFAULT_CAPACITY = 100_000;
/**
 * Batches of about a second of a busy deployment's events: big enough to amortise a commit,
 * small enough that one write blocks SQLite's (synchronous) event loop for tens of ms at most.
 */
const DEFAULT_BATCH_SIZE = 500;
/** Events reach the dashboard within about a second. */
const DEFAULT_FLUSH_INTERVAL_MS = 1000;
const DEFAULT_INITIAL_BACKOFF_MS = 500;
const DEFAULT_MAX_BACKOFF_MS = 30_000;

/**
 * Write-behind buffer: `push` only queues in memory (never waits for the database, never throws),
 * and batches are written in the background, one transaction each. When a write fails, the batch
 * goes back to the front and is retried with exponential backoff; while the database is down the
 * buffer keeps at most `capacity` items and drops the oldest, counting them.
 */
export class BufferedWriter<T> {
  private queue: T[] = [];
  private inFlight = 0;
  private dropped = 0;
  private written = 0;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private readonly capacity: number;
  private readonly batchSize: number;

  constructor(private readonly options: BufferedWriterOptions<T>) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Queues an item; returns at once. */
  push(item: T): void {
    if (this.closed) return;
    this.queue.push(item);
    this.trim();
    if (this.failures > 0) {
      // Failing: the next attempt waits for the backoff, however many items arrive.
      if (!this.timer) this.schedule(this.backoffMs());
      return;
    }
    if (this.queue.length >= this.batchSize) this.schedule(0);
    else this.schedule(this.options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
  }

  /** Items not yet written (the backlog gauge). */
  backlog(): number {
    return this.queue.length + this.inFlight;
  }

  stats(): BufferedWriterStats {
    return { backlog: this.backlog(), dropped: this.dropped, written: this.written, failures: this.failures };
  }

  /** Writes everything queued now; rejects with the database's error when a batch fails. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    while (this.queue.length > 0) {
      this.flushing = this.writeBatch();
      try {
        await this.flushing;
      } finally {
        this.flushing = undefined;
      }
    }
  }

  /** Stops the timer and makes one last attempt to write the backlog (its failure is logged). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch((error: unknown) =>
      this.options.logger?.warn(
        { err: error, backlog: this.backlog() },
        `${this.label} not written at shutdown`,
      ),
    );
  }

  private get label(): string {
    return this.options.label ?? 'buffered items';
  }

  private trim(): void {
    const over = this.queue.length + this.inFlight - this.capacity;
    if (over <= 0) return;
    const removed = Math.min(over, this.queue.length);
    this.queue.splice(0, removed);
    this.dropped += removed;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.background();
    }, delayMs);
    // Never keep a process alive for analytics.
    this.timer.unref();
  }

  private async background(): Promise<void> {
    if (this.flushing) return;
    try {
      await this.flush();
    } catch {
      this.schedule(this.backoffMs());
      return;
    }
  }

  private backoffMs(): number {
    const initial = this.options.initialBackoffMs ?? DEFAULT_INITIAL_BACKOFF_MS;
    const max = this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    return Math.min(max, initial * 2 ** Math.max(0, this.failures - 1));
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queue.splice(0, this.batchSize);
    this.inFlight = batch.length;
    try {
      await this.options.write(batch);
      this.written += batch.length;
      if (this.failures > 0)
        this.options.logger?.info({ backlog: this.queue.length }, `${this.label} written again`);
      this.failures = 0;
    } catch (error) {
      this.queue = [...batch, ...this.queue];
      this.failures++;
      if (this.failures === 1)
        this.options.logger?.warn(
          { err: error, backlog: this.queue.length },
          `${this.label} write failed; retrying`,
        );
      throw error;
    } finally {
      this.inFlight = 0;
      this.trim();
    }
  }
}
