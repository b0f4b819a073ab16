import { z } from 'zod';
import { ShuttingDownError, ValidationError } from '../errors';
import { durationMsSchema, parseOptions } from './parse-options';
import type { MessageBus, ReplyAnnouncement, ReplyLog, ReplyLogEntry } from './ports';
import { checkReadAfter, type ReplyLogOptions, replyLogOptionsShape } from './reply-log-options';

/** How often idle logs are swept; reads and appends also expire them lazily. */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

/** Options of {@link MemoryReplyLog}. */
export interface MemoryReplyLogOptions extends ReplyLogOptions {
  /** How often idle logs are dropped; default 60 s. */
  sweepIntervalMs?: number;
  /** Clock in ms, injectable for tests; default `Date.now`. */
  now?: () => number;
  /** Where announcements are published; appending with `announce` needs it. */
  bus?: MessageBus;
}

const optionsSchema = z.strictObject({
  ...replyLogOptionsShape,
  sweepIntervalMs: durationMsSchema.default(DEFAULT_SWEEP_INTERVAL_MS),
  now: z.custom<() => number>((value) => typeof value === 'function').default(() => Date.now),
  bus: z
    .custom<MessageBus>((value) => typeof (value as MessageBus | undefined)?.publish === 'function')
    .optional(),
});

interface ConversationLog {
  lastSeq: number;
  /** Consecutive entries, oldest first: entry i has seq `entries[0].seq + i`. */
  entries: ReplyLogEntry[];
  expiresAt: number;
}

/**
 * The embedded `ReplyLog`: per conversation, the last `maxEntries` replies with gap-free
 * sequence numbers from 1; a log idle for `idleTtlMs` is dropped (lazily and by an unref'd sweep).
 *
 * @example
 * const { seq } = await replies.append(conversationId, JSON.stringify(activity));
 * const missed = await replies.readAfter(conversationId, lastSeqSeenByClient);
 */
export class MemoryReplyLog implements ReplyLog {
  readonly #logs = new Map<string, ConversationLog>();
  readonly #options: Readonly<z.output<typeof optionsSchema>>;
  readonly #sweeper: NodeJS.Timeout;
  #closing: Promise<void> | undefined;

  constructor(options: MemoryReplyLogOptions = {}) {
    this.#options = parseOptions(optionsSchema, options, 'MemoryReplyLog');
    this.#sweeper = setInterval(() => this.#sweep(), this.#options.sweepIntervalMs);
    this.#sweeper.unref();
  }

  async append(
    conversationId: string,
    payload: string,
    announce?: ReplyAnnouncement,
  ): Promise<ReplyLogEntry> {
    this.#assertOpen();
    const bus = this.#options.bus;
    if (announce && !bus) {
      throw new ValidationError('MemoryReplyLog: append with an announcement needs a bus; pass { bus }.');
    }
    const log = this.#live(conversationId) ?? { lastSeq: 0, entries: [], expiresAt: 0 };
    log.lastSeq += 1;
    const entry: ReplyLogEntry = { seq: log.lastSeq, payload };
    log.entries.push(entry);
    // Trimmed in batches (amortised O(1) per append); reads skip what is past the bound.
    if (log.entries.length >= 2 * this.#options.maxEntries) {
      log.entries.splice(0, log.entries.length - this.#options.maxEntries);
    }
    log.expiresAt = this.#options.now() + this.#options.idleTtlMs;
    this.#logs.set(conversationId, log);
    if (announce) await bus?.publish(announce.channel, `${announce.before}${entry.seq}${announce.after}`);
    return { ...entry };
  }

  async readAfter(conversationId: string, afterSeq: number, limit?: number): Promise<ReplyLogEntry[]> {
    this.#assertOpen();
    checkReadAfter(afterSeq, limit);
    const entries = this.#live(conversationId)?.entries ?? [];
    const firstSeq = entries[0]?.seq ?? 1;
    const kept = Math.max(0, entries.length - this.#options.maxEntries);
    const start = Math.max(kept, afterSeq - firstSeq + 1);
    const end = limit === undefined ? undefined : start + limit;
    return entries.slice(start, end).map((entry) => ({ ...entry }));
  }

  async delete(conversationId: string): Promise<void> {
    this.#assertOpen();
    this.#logs.delete(conversationId);
  }

  /** Stops the sweeper and drops every log; idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.resolve().then(() => {
      clearInterval(this.#sweeper);
      this.#logs.clear();
    });
    return this.#closing;
  }

  /** The conversation's log, unless it is missing or idle past its ttl (then it is dropped). */
  #live(conversationId: string): ConversationLog | undefined {
    const log = this.#logs.get(conversationId);
    if (log === undefined || log.expiresAt > this.#options.now()) return log;
    this.#logs.delete(conversationId);
    return undefined;
  }

  #sweep(): void {
    const now = this.#options.now();
    for (const [conversationId, log] of this.#logs) {
      if (log.expiresAt <= now) this.#logs.delete(conversationId);
    }
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
