import type { DedupeStore } from '../../src/state/ports';
import { sleep } from '../support/time';

/** A dedupe store under test and how to dispose of it. */
export interface DedupeFixture {
  dedupe: DedupeStore;
  cleanup: () => Promise<void>;
}

/** Options of {@link runDedupeSuite}. */
export interface DedupeSuiteOptions {
  name: string;
  /** Makes a fresh, empty store (called before each test). */
  create: () => Promise<DedupeFixture>;
}

const MINUTE_MS = 60_000;

/** The `DedupeStore` contract: atomic claim, forget to allow a retry, expiry after the ttl. */
export function runDedupeSuite({ name, create }: DedupeSuiteOptions): void {
  describe(`DedupeStore conformance: ${name}`, () => {
    let fixture: DedupeFixture;
    let dedupe: DedupeStore;

    beforeEach(async () => {
      fixture = await create();
      dedupe = fixture.dedupe;
    });
    afterEach(() => fixture.cleanup());

    test('the first claim wins and a repeat is a duplicate', async () => {
      expect(await dedupe.claim('slack:Ev1', MINUTE_MS)).toBe(true);
      expect(await dedupe.claim('slack:Ev1', MINUTE_MS)).toBe(false);
      expect(await dedupe.claim('slack:Ev2', MINUTE_MS)).toBe(true);
    });

    test('exactly one of 50 concurrent claims wins', async () => {
      const claims = await Promise.all(Array.from({ length: 50 }, () => dedupe.claim('sms:SM1', MINUTE_MS)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    test('forget allows the key to be claimed again (a failed turn is retried)', async () => {
      expect(await dedupe.claim('k', MINUTE_MS)).toBe(true);
      await dedupe.forget('k');
      expect(await dedupe.claim('k', MINUTE_MS)).toBe(true);
      await dedupe.forget('never-claimed');
    });

    test('a claim expires after its ttl', async () => {
      expect(await dedupe.claim('short', 100)).toBe(true);
      expect(await dedupe.claim('short', 100)).toBe(false);
      await sleep(200);
      expect(await dedupe.claim('short', 100)).toBe(true);
    });

    test('confirm turns a short processing lease into the full window (a completed turn)', async () => {
      expect(await dedupe.claim('leased', 100)).toBe(true);
      await dedupe.confirm('leased', MINUTE_MS);
      await sleep(200);
      expect(await dedupe.claim('leased', 100)).toBe(false);
    });

    test('an unconfirmed lease lapses, so the retry of a turn whose process died is handled', async () => {
      expect(await dedupe.claim('died', 100)).toBe(true);
      await sleep(200);
      expect(await dedupe.claim('died', MINUTE_MS)).toBe(true);
    });

    test('an invalid ttl rejects with SWB_ERR_VALIDATION', async () => {
      await expect(dedupe.claim('k', 0)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
      await expect(dedupe.claim('k', 1.5)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
    });

    test('close is idempotent and refuses later claims', async () => {
      const closing = dedupe.close();
      expect(dedupe.close()).toBe(closing);
      await closing;
      await expect(dedupe.claim('k', MINUTE_MS)).rejects.toMatchObject({ code: 'SWB_ERR_SHUTTING_DOWN' });
    });
  });
}
