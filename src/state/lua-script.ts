import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run atomically by Redis: `EVALSHA` first, `EVAL` when the server does not know the
 * script yet (fresh server, `SCRIPT FLUSH`). Scripts are how every read-check-write of the state
 * layer stays atomic across processes.
 *
 * @example
 * const incr = new LuaScript("return redis.call('INCR', KEYS[1])");
 * const value = await incr.run(redis, ['counter'], []);
 */
export class LuaScript {
  /** SHA-1 of the source, as Redis names the script. */
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; commands sent in one tick run in the order they were sent. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScriptError(error)) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
