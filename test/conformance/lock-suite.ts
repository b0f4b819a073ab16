import type { LockHandle, LockService } from '../../src/state/ports';
import { sleep } from '../support/time';

/** A lock service under test and how to dispose of it. */
export interface LockFixture {
  locks: LockService;
  cleanup: () => Promise<void>;
}

/** Options of {@link runLockSuite}. */
export interface LockSuiteOptions {
  name: string;
  /**
   * Makes a fresh lock service (called before each test). `autoRenew: false` must make held locks
   * lapse after their ttl, to simulate a holder that stalled.
   */
  create: (options: { autoRenew: boolean }) => Promise<LockFixture>;
}

const LOST = { code: 'SWB_ERR_LOCK_LOST' };

/**
 * The `LockService` contract: mutual exclusion, FIFO order within a process, timeouts, abort,
 * growing fencing tokens, renewal while held, loss after a stall, idempotent release and close.
 */
export function runLockSuite({ name, create }: LockSuiteOptions): void {
  describe(`LockService conformance: ${name}`, () => {
    const fixtures: LockFixture[] = [];
    let resourceCount = 0;
    let resource: string;

    async function service(autoRenew = true): Promise<LockService> {
      const fixture = await create({ autoRenew });
      fixtures.push(fixture);
      return fixture.locks;
    }

    beforeEach(() => {
      resourceCount += 1;
      resource = `turn:test:${resourceCount}`;
    });
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()));
    });

    test('a held lock reports itself held until released', async () => {
      const locks = await service();
      const lock = await locks.acquire(resource);
      expect(lock.resource).toBe(resource);
      expect(lock.isHeld()).toBe(true);
      await expect(lock.assertHeld()).resolves.toBeUndefined();
      await lock.release();
      expect(lock.isHeld()).toBe(false);
      await expect(lock.assertHeld()).rejects.toMatchObject(LOST);
    });

    test('20 concurrent contenders never interleave their critical sections', async () => {
      const locks = await service();
      let counter = 0;
      let inside = 0;
      let maxInside = 0;
      const contender = async (): Promise<void> => {
        const lock = await locks.acquire(resource, { waitMs: 20_000 });
        try {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          const read = counter;
          await sleep(2);
          counter = read + 1;
          inside -= 1;
        } finally {
          await lock.release();
        }
      };
      await Promise.all(Array.from({ length: 20 }, contender));
      expect(counter).toBe(20);
      expect(maxInside).toBe(1);
    });

    test('waiters get the lock in arrival order', async () => {
      const locks = await service();
      const holder = await locks.acquire(resource);
      const order: number[] = [];
      const waiters = Array.from({ length: 10 }, async (_, i) => {
        const lock = await locks.acquire(resource, { waitMs: 10_000 });
        order.push(i);
        await sleep(1);
        await lock.release();
      });
      await sleep(20);
      await holder.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    test('different resources do not block each other', async () => {
      const locks = await service();
      const first = await locks.acquire(`${resource}:a`);
      const second = await locks.acquire(`${resource}:b`, { waitMs: 500 });
      expect(second.isHeld()).toBe(true);
      await Promise.all([first.release(), second.release()]);
    });

    test('waiting past waitMs rejects with SWB_ERR_LOCK_TIMEOUT, and the queue moves on', async () => {
      const locks = await service();
      const holder = await locks.acquire(resource);
      const startedAt = Date.now();
      await expect(locks.acquire(resource, { waitMs: 100 })).rejects.toMatchObject({
        code: 'SWB_ERR_LOCK_TIMEOUT',
      });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(90);
      const next = locks.acquire(resource, { waitMs: 5_000 });
      await holder.release();
      const handedOverAt = Date.now();
      await (await next).release();
      expect(Date.now() - handedOverAt).toBeLessThan(1_000);
    });

    test('an aborted wait rejects with the abort reason, and the queue moves on', async () => {
      const locks = await service();
      const holder = await locks.acquire(resource);
      const controller = new AbortController();
      const aborted = locks.acquire(resource, { signal: controller.signal, waitMs: 5_000 });
      const next = locks.acquire(resource, { waitMs: 5_000 });
      setTimeout(() => controller.abort(), 30);
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
      await holder.release();
      await (await next).release();
    });

    test('an already aborted signal rejects at once', async () => {
      const locks = await service();
      const controller = new AbortController();
      controller.abort();
      await expect(locks.acquire(resource, { signal: controller.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      await (await locks.acquire(resource, { waitMs: 1_000 })).release();
    });

    test('fencing tokens grow with every acquisition', async () => {
      const locks = await service();
      const tokens: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const lock = await locks.acquire(resource);
        tokens.push(lock.fencingToken);
        await lock.release();
      }
      for (let i = 1; i < tokens.length; i += 1) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] as number);
    });

    test('a held lock is renewed past its ttl', async () => {
      const locks = await service();
      const lock = await locks.acquire(resource, { ttlMs: 300 });
      await sleep(900);
      expect(lock.isHeld()).toBe(true);
      await expect(lock.assertHeld()).resolves.toBeUndefined();
      await expect(locks.acquire(resource, { waitMs: 100 })).rejects.toMatchObject({
        code: 'SWB_ERR_LOCK_TIMEOUT',
      });
      await lock.release();
    });

    test('a stalled holder loses its lock after the ttl, and cannot release the next owner', async () => {
      const locks = await service(false);
      const stalled = await locks.acquire(resource, { ttlMs: 200 });
      const waiter = locks.acquire(resource, { waitMs: 5_000, ttlMs: 5_000 });
      const next = await waiter;
      expect(stalled.isHeld()).toBe(false);
      await expect(stalled.assertHeld()).rejects.toMatchObject(LOST);
      expect(next.fencingToken).toBeGreaterThan(stalled.fencingToken);
      await stalled.release();
      await expect(next.assertHeld()).resolves.toBeUndefined();
      await next.release();
    });

    test('a lapsed lock can be acquired again without a release', async () => {
      const locks = await service(false);
      const stalled = await locks.acquire(resource, { ttlMs: 100 });
      await sleep(250);
      expect(stalled.isHeld()).toBe(false);
      const next = await locks.acquire(resource, { waitMs: 100 });
      expect(next.isHeld()).toBe(true);
      await next.release();
    });

    test('release is idempotent', async () => {
      const locks = await service();
      const lock = await locks.acquire(resource);
      await Promise.all([lock.release(), lock.release()]);
      await lock.release();
      expect(lock.isHeld()).toBe(false);
      await (await locks.acquire(resource, { waitMs: 500 })).release();
    });

    test('close fails waiters with SWB_ERR_SHUTTING_DOWN, refuses new acquisitions, and is idempotent', async () => {
      const locks = await service();
      const holder: LockHandle = await locks.acquire(resource);
      const waiter = locks.acquire(resource, { waitMs: 5_000 });
      await sleep(20);
      const closing = locks.close();
      expect(locks.close()).toBe(closing);
      await expect(waiter).rejects.toMatchObject({ code: 'SWB_ERR_SHUTTING_DOWN' });
      await closing;
      expect(holder.isHeld()).toBe(false);
      await expect(locks.acquire(resource)).rejects.toMatchObject({ code: 'SWB_ERR_SHUTTING_DOWN' });
    });

    test('invalid options reject with SWB_ERR_VALIDATION', async () => {
      const locks = await service();
      await expect(locks.acquire(resource, { ttlMs: 0 })).rejects.toMatchObject({
        code: 'SWB_ERR_VALIDATION',
      });
      await expect(locks.acquire('', {})).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
    });
  });
}
