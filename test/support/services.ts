/**
 * Gates test suites on the real services they need (Redis, PostgreSQL, Chromium): the suite runs
 * when the service is configured, is skipped with one loud warning when it is not, and fails
 * instead when `SWITCHBOARD_REQUIRE_SERVICES=1` (CI), so a missing service never passes silently.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** Default Chromium location on Debian/Ubuntu; `CHROMIUM_PATH` overrides it. */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Keys fetched per SCAN step and deleted per UNLINK during cleanup. */
const CLEANUP_BATCH = 500;

interface ServiceGate {
  /** What the suite needs, for messages, e.g. `Redis`. */
  service: string;
  /** The value the suite uses (URL, path), or undefined when the service is missing. */
  locate: () => string | undefined;
  /** How to get the service. */
  hint: string;
}

/** Runs `fn` when `REDIS_URL` is set (the global setup sets it when `redis-server` is installed). */
export function describeWithRedis(name: string, fn: (redisUrl: () => string) => void): void {
  describeWithService(name, fn, {
    service: 'Redis',
    locate: () => process.env.REDIS_URL || undefined,
    hint: 'install redis-server (apt-get install -y redis-server) or set REDIS_URL',
  });
}

/** Runs `fn` when `DATABASE_URL` is set. */
export function describeWithPostgres(name: string, fn: (databaseUrl: () => string) => void): void {
  describeWithService(name, fn, {
    service: 'PostgreSQL',
    locate: () => process.env.DATABASE_URL || undefined,
    hint: 'install postgresql (apt-get install -y postgresql) and set DATABASE_URL',
  });
}

/** Runs `fn` when a Chromium binary exists at `CHROMIUM_PATH` (default `/usr/bin/chromium`). */
export function describeWithChromium(name: string, fn: (chromiumPath: () => string) => void): void {
  describeWithService(name, fn, {
    service: 'Chromium',
    locate: () => {
      const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
      return existsSync(path) ? path : undefined;
    },
    hint: 'install chromium (apt-get install -y chromium) or set CHROMIUM_PATH',
  });
}

function describeWithService(name: string, fn: (value: () => string) => void, gate: ServiceGate): void {
  const value = gate.locate();
  if (value !== undefined) {
    describe(name, () => fn(() => value));
    return;
  }
  const missing = `${gate.service} not available — ${gate.hint}`;
  if (process.env.SWITCHBOARD_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      test(`requires ${gate.service}`, () => {
        throw new Error(`FAILED ${name}: ${missing} (required: SWITCHBOARD_REQUIRE_SERVICES=1)`);
      });
    });
    return;
  }
  const message = `SKIPPED ${name}: ${missing}`;
  console.warn(message);
  describe.skip(name, () =>
    fn(() => {
      throw new Error(message);
    }),
  );
}

/** A key prefix unique to this test file and run, e.g. `t:redis-lock:1234:9f2c1a:`. */
export function uniquePrefix(label: string): string {
  return `t:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Like {@link uniquePrefix} but without `:` (BullMQ job and queue ids must not contain one). */
export function uniqueId(label: string): string {
  return `t-${label.replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key that starts with `prefix` (SCAN + UNLINK, never KEYS). */
export async function cleanupRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', CLEANUP_BATCH);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
