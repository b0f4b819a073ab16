/**
 * Jest global setup: makes a Redis available to the test workers through `REDIS_URL`.
 * An existing `REDIS_URL` is used as is; otherwise a throwaway `redis-server` is started on a free
 * loopback port (no persistence) when the binary is installed. Without either, Redis suites skip
 * (or fail, under `SWITCHBOARD_REQUIRE_SERVICES=1`): see `services.ts`.
 */
import { hasRedisServerBinary, startRedisServer } from './redis-server-process';

export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  if (!hasRedisServerBinary()) return;
  const { url } = await startRedisServer();
  // Workers are forked after global setup, so they inherit this.
  process.env.REDIS_URL = url;
}
