/** Jest global teardown: stops the `redis-server` that the global setup started, if any. */
import { stopRedisServer } from './redis-server-process';

export default async function globalTeardown(): Promise<void> {
  await stopRedisServer();
}
