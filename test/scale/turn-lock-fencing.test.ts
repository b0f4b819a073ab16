import type { Redis } from 'ioredis';
import { hasErrorCode } from '../../src/errors';
import { MemoryLockService } from '../../src/state/memory-lock';
import { MemoryStorage } from '../../src/state/memory-storage';
import type { LockHandle, LockService, Storage } from '../../src/state/ports';
import { RedisLockService } from '../../src/state/redis-lock';
import { RedisStorage } from '../../src/state/redis-storage';
import { withWriteFence } from '../../src/state/write-fence';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';

/** Short enough for a quick test, long enough that a loaded machine does not lapse it early. */
const TTL_MS = 300;
const STALL_MS = 700;
const RESOURCE = 'turn:webchat:fenced';

/** Two "processes" on one backend: A's lock lapses (no renewal: a stalled process), B's renews. */
interface Backend {
  stalled: LockService;
  healthy: LockService;
  storage: Storage;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fenced(lock: LockHandle, work: () => Promise<void>): Promise<void> {
  return withWriteFence({ resource: lock.resource, token: lock.fencingToken }, work);
}

function runFencingScenarios(create: () => Promise<Backend>): void {
  let backend: Backend;
  beforeEach(async () => {
    backend = await create();
  });
  afterEach(() => backend.close());

  it('refuses the late write of a holder that stalled past its ttl; the new holder state survives', async () => {
    const a = await backend.stalled.acquire(RESOURCE, { ttlMs: TTL_MS });
    await sleep(STALL_MS);
    const b = await backend.healthy.acquire(RESOURCE, { ttlMs: 30_000, waitMs: 5_000 });
    expect(b.fencingToken).toBeGreaterThan(a.fencingToken);
    await fenced(b, () => backend.storage.write({ item: { owner: 'B' } }));
    const late = fenced(a, () => backend.storage.write({ item: { owner: 'A' } }));
    await expect(late).rejects.toMatchObject({ code: 'SWB_ERR_LOCK_FENCED' });
    expect((await backend.storage.read(['item']))['item']).toMatchObject({ owner: 'B' });
    await b.release();
  });

  it("refuses an unconditional (eTag '*') write, as botbuilder's end-of-turn save makes", async () => {
    const key = 'webchat/conversations/fenced';
    const a = await backend.stalled.acquire(RESOURCE, { ttlMs: TTL_MS });
    await sleep(STALL_MS);
    const b = await backend.healthy.acquire(RESOURCE, { ttlMs: 30_000, waitMs: 5_000 });
    await fenced(b, () => backend.storage.write({ [key]: { step: 'B' } }));
    let error: unknown;
    try {
      await fenced(a, () => backend.storage.write({ [key]: { step: 'A', eTag: '*' } }));
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'SWB_ERR_LOCK_FENCED')).toBe(true);
    expect((await backend.storage.read([key]))[key]).toMatchObject({ step: 'B' });
    await b.release();
  });

  it('accepts writes of the current holder and unfenced writes', async () => {
    const lock = await backend.healthy.acquire(RESOURCE);
    await fenced(lock, () => backend.storage.write({ item: { v: 1 } }));
    await lock.release();
    await backend.storage.write({ item: { v: 2 } });
    expect((await backend.storage.read(['item']))['item']).toMatchObject({ v: 2 });
  });
}

describe('turn lock fencing (memory)', () => {
  runFencingScenarios(async () => {
    // In one process both "holders" share the service; auto-renew off makes held locks lapse.
    const locks = new MemoryLockService({ autoRenew: false });
    return {
      stalled: locks,
      healthy: locks,
      storage: new MemoryStorage({ fences: locks }),
      close: () => locks.close(),
    };
  });
});

describeWithRedis('turn lock fencing (Redis)', (redisUrl) => {
  const context = setupRedis(redisUrl, 'fencing');
  runFencingScenarios(async () => {
    const keyPrefix = context.nextPrefix();
    const redis: Redis = context.redis;
    const other = context.connect('process-b');
    const stalled = new RedisLockService({ redis, keyPrefix, autoRenew: false });
    const healthy = new RedisLockService({ redis: other, keyPrefix });
    const storage = new RedisStorage({ redis: other, keyPrefix });
    return {
      stalled,
      healthy,
      storage,
      close: async () => {
        await stalled.close();
        await healthy.close();
      },
    };
  });
});
