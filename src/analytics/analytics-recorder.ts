import type { Logger } from '../logging/logger';
import type { AnalyticsEvent } from './analytics-event';
import type { AnalyticsStore } from './analytics-store';
import { BufferedWriter, type BufferedWriterOptions, type BufferedWriterStats } from './buffered-writer';

/** Options of {@link AnalyticsRecorder}. */
export interface AnalyticsRecorderOptions {
  store: Pick<AnalyticsStore, 'insert'>;
  /** Buffer sizes, flush interval and retry backoff (see {@link BufferedWriter}). */
  buffer?: Omit<BufferedWriterOptions<AnalyticsEvent>, 'write' | 'logger' | 'label'>;
  logger?: Logger;
}

/**
 * Records analytics events without slowing turns: `record` queues in memory and returns; batches
 * are inserted in the background, one transaction each, retried with backoff while the database
 * is down (bounded buffer, oldest dropped and counted). `backlog()` feeds a gauge.
 *
 * @example
 * const recorder = new AnalyticsRecorder({ store });
 * recorder.record({ type: 'csat', at: new Date().toISOString(), channelId, conversationId, csat: 5 });
 */
export class AnalyticsRecorder {
  private readonly writer: BufferedWriter<AnalyticsEvent>;

  constructor(options: AnalyticsRecorderOptions) {
    this.writer = new BufferedWriter({
      ...options.buffer,
      write: (batch) => options.store.insert(batch),
      logger: options.logger,
      label: 'analytics events',
    });
  }

  /** Queues an event; never waits, never throws. */
  record(event: AnalyticsEvent): void {
    this.writer.push(event);
  }

  /** Events not yet stored. */
  backlog(): number {
    return this.writer.backlog();
  }

  stats(): BufferedWriterStats {
    return this.writer.stats();
  }

  /** Stores everything queued now (tests, reports); rejects when the database fails. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Last attempt to store the backlog; idempotent. */
  close(): Promise<void> {
    return this.writer.close();
  }
}
