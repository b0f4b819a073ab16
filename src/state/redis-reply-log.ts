import { z } from 'zod';
import { ShuttingDownError } from '../errors';
import { LuaScript } from './lua-script';
import { parseOptions } from './parse-options';
import type { ReplyAnnouncement, ReplyLog, ReplyLogEntry } from './ports';
import { redisBusChannel } from './redis-bus';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';
import { checkReadAfter, type ReplyLogOptions, replyLogOptionsShape } from './reply-log-options';

/**
 * Appends one entry: its seq is the last entry's + 1 (1 for a new log), its stream id `<seq>-0`.
 * The stream is trimmed to exactly ARGV[2] entries (the last entry always stays, so the sequence
 * survives trimming) and expires after ARGV[3] ms without appends; with ARGV[4], publishes
 * ARGV[5] .. seq .. ARGV[6] on that channel. KEYS: stream. ARGV: payload, maxEntries, idleTtlMs
 * [, channel, before, after]. Returns the seq.
 */
const APPEND_SCRIPT = new LuaScript(`
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local seq = 1
if last then seq = tonumber(string.match(last[1], '^(%d+)')) + 1 end
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], string.format('%d-0', seq), 'p', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[4] then redis.call('PUBLISH', ARGV[4], ARGV[5] .. string.format('%d', seq) .. ARGV[6]) end
return seq
`);

/** Options of {@link RedisReplyLog}. */
export interface RedisReplyLogOptions extends RedisServiceOptions, ReplyLogOptions {}

const optionsSchema = z.strictObject({ ...redisServiceOptionsShape, ...replyLogOptionsShape });

/**
 * `ReplyLog` on Redis: one stream per conversation, `<prefix>replies:{<conversationId>}`, whose
 * entry ids are the sequence numbers. Appends run in one Lua script, so concurrent appends from
 * many processes get distinct, consecutive sequence numbers; an announcement is published by the
 * same script, on the channel a `RedisMessageBus` with the same key prefix listens to.
 *
 * @example
 * const replies = new RedisReplyLog({ redis, keyPrefix: 'swb:', maxEntries: 500 });
 */
export class RedisReplyLog implements ReplyLog {
  readonly #options: Readonly<z.output<typeof optionsSchema>>;
  #closing: Promise<void> | undefined;

  constructor(options: RedisReplyLogOptions) {
    this.#options = parseOptions(optionsSchema, options, 'RedisReplyLog');
  }

  async append(
    conversationId: string,
    payload: string,
    announce?: ReplyAnnouncement,
  ): Promise<ReplyLogEntry> {
    this.#assertOpen();
    const { redis, maxEntries, idleTtlMs, keyPrefix } = this.#options;
    const args: (string | number)[] = [payload, maxEntries, idleTtlMs];
    if (announce) args.push(redisBusChannel(keyPrefix, announce.channel), announce.before, announce.after);
    const seq = await APPEND_SCRIPT.run(redis, [this.#key(conversationId)], args);
    return { seq: Number(seq), payload };
  }

  async readAfter(conversationId: string, afterSeq: number, limit?: number): Promise<ReplyLogEntry[]> {
    this.#assertOpen();
    checkReadAfter(afterSeq, limit);
    const key = this.#key(conversationId);
    const start = `${afterSeq + 1}-0`;
    const redis = this.#options.redis;
    const rows =
      limit === undefined
        ? await redis.xrange(key, start, '+')
        : await redis.xrange(key, start, '+', 'COUNT', limit);
    return rows.map(([id, fields]) => ({ seq: Number.parseInt(id, 10), payload: fields[1] ?? '' }));
  }

  async delete(conversationId: string): Promise<void> {
    this.#assertOpen();
    await this.#options.redis.unlink(this.#key(conversationId));
  }

  /** Marks the log closed; the connection is the caller's to quit. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.resolve();
    return this.#closing;
  }

  #key(conversationId: string): string {
    return `${this.#options.keyPrefix}replies:{${conversationId}}`;
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
