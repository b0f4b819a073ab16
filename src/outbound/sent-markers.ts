import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../state/lua-script';

/** How long a "sent" record is kept: longer than any retry schedule or platform redelivery window. */
export const SENT_RECORD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How long one send attempt may hold its message; a platform call times out well before (10 s). */
export const SENDING_LEASE_MS = 30_000;

const SENT = 'sent:';
const SENDING = 'sending:';

/** Deletes the marker only if it is still this attempt's "sending" lease. KEYS: marker. ARGV: value. */
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** The outcome of claiming a message for one send attempt. */
export type MarkerClaim =
  | { state: 'claimed'; lease: string }
  | { state: 'sent'; platformId: string }
  | { state: 'sending' };

/**
 * Per-message Redis markers that make outbound sends idempotent across processes and retries:
 * `<prefix>outbound:<channel>:<id>` is `sending:<random>` (a lease, while one attempt runs) or
 * `sent:<platform id>` (kept 7 days). An attempt first claims the marker; a message already sent
 * is never sent again, and two attempts of one message never run at once.
 */
export class SentMarkers {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Claims the message for one attempt, or says it was sent or is being sent elsewhere. */
  async claim(channelId: string, messageId: string): Promise<MarkerClaim> {
    const key = this.#key(channelId, messageId);
    const lease = `${SENDING}${randomBytes(8).toString('hex')}`;
    if ((await this.redis.set(key, lease, 'PX', SENDING_LEASE_MS, 'NX')) === 'OK') {
      return { state: 'claimed', lease };
    }
    const current = (await this.redis.get(key)) ?? '';
    if (current.startsWith(SENT)) return { state: 'sent', platformId: current.slice(SENT.length) };
    return { state: 'sending' };
  }

  /** Records the message as sent (overwrites the lease). */
  async markSent(channelId: string, messageId: string, platformId: string): Promise<void> {
    await this.redis.set(this.#key(channelId, messageId), `${SENT}${platformId}`, 'PX', SENT_RECORD_TTL_MS);
  }

  /** Gives the lease back after a failed attempt, so the next retry can claim it at once. */
  async release(channelId: string, messageId: string, lease: string): Promise<void> {
    await RELEASE_SCRIPT.run(this.redis, [this.#key(channelId, messageId)], [lease]);
  }

  #key(channelId: string, messageId: string): string {
    return `${this.keyPrefix}outbound:${channelId}:${messageId}`;
  }
}
