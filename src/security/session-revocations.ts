import { createHash } from 'node:crypto';
import type { StateServices } from '../state/ports';

/** Sessions remembered at most in memory; the oldest go first (they expire first anyway). */
const MAX_MEMORY_ENTRIES = 100_000;

/**
 * The server-side list of sessions ended by logout, so a copied cookie stops working at once even
 * though it is still validly signed and unexpired. Entries live until the session would have
 * expired. Kept in Redis (`<prefix>revoked:<hash>`, shared by every process) when the deployment
 * has Redis, in memory otherwise. Only a SHA-256 of the token is stored, never the token.
 *
 * @example
 * await revocations.revoke(token, session.expiresAt);
 * if (await revocations.isRevoked(token)) throw new ConsoleAuthError('Session ended.');
 */
export class SessionRevocations {
  private readonly memory = new Map<string, number>();

  constructor(
    private readonly state: Pick<StateServices, 'redis'> = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Ends the session of `token` until `expiresAt` (epoch ms). */
  async revoke(token: string, expiresAt: number): Promise<void> {
    const ttlMs = Math.max(1, Math.ceil(expiresAt - this.now()));
    const key = hashOf(token);
    const redis = this.state.redis;
    if (redis) {
      await redis.client.set(`${redis.keyPrefix}revoked:${key}`, '1', 'PX', ttlMs);
      return;
    }
    if (this.memory.size >= MAX_MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(key, expiresAt);
  }

  /** True when the session of `token` was ended by logout. */
  async isRevoked(token: string): Promise<boolean> {
    const key = hashOf(token);
    const redis = this.state.redis;
    if (redis) return (await redis.client.exists(`${redis.keyPrefix}revoked:${key}`)) === 1;
    const until = this.memory.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.memory.delete(key);
    return false;
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
