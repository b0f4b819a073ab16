import type { EscalationQueue, HandoffTimer, QueueEntry } from '../../src/handoff/escalation-queue';
import { FRONT_OF_QUEUE_PRIORITY, MAX_BULLMQ_PRIORITY } from '../../src/handoff/priority';
import { sleep, waitFor } from '../support/time';

/** A queue under test and how to dispose of it. */
export interface EscalationQueueFixture {
  queue: EscalationQueue;
  cleanup: () => Promise<void>;
}

/** Options of {@link runEscalationQueueSuite}. */
export interface EscalationQueueSuiteOptions {
  name: string;
  /** Makes a fresh, empty queue (called before each test). */
  create: () => Promise<EscalationQueueFixture>;
  /**
   * Opens the same queue again as a restarted process would (durable queues only): the
   * restart test closes the first queue and expects its timer to fire in the second.
   */
  reopen?: () => Promise<EscalationQueueFixture>;
}

/** Timers of the suite: short, but long enough to schedule and cancel before they fire. */
const TIMER_MS = 300;
/** How long the suite waits to be sure a cancelled timer does not fire. */
const SILENCE_MS = TIMER_MS * 3;

let entryCount = 0;

/** An entry for the suite (ids without `:`). */
export function queueEntry(overrides: Partial<QueueEntry> = {}): QueueEntry {
  entryCount += 1;
  return {
    handoffId: `h-${process.pid}-${entryCount}`,
    skill: 'general',
    priority: 10_000,
    queuedAt: entryCount,
    summary: {
      channelId: 'webchat',
      customerName: 'Dana',
      intent: 'dispute_charge',
      reason: 'customer-asked',
    },
    ...overrides,
  };
}

const acceptAll = async () => true;

/**
 * The `EscalationQueue` contract: priority then arrival order, picking across skills, atomic
 * picks under concurrency, stale entries dropped, failed claims put back, positions, depths,
 * lists, and durable timers.
 */
export function runEscalationQueueSuite({ name, create, reopen }: EscalationQueueSuiteOptions): void {
  describe(`EscalationQueue conformance: ${name}`, () => {
    const fixtures: EscalationQueueFixture[] = [];
    let queue: EscalationQueue;

    beforeEach(async () => {
      const fixture = await create();
      fixtures.push(fixture);
      queue = fixture.queue;
    });
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
    });

    const pickAll = async (skills: string[]): Promise<string[]> => {
      const picked: string[] = [];
      for (;;) {
        const entry = await queue.pickNext(skills, acceptAll);
        if (!entry) return picked;
        picked.push(entry.handoffId);
      }
    };

    test('serves the lowest priority number first, equal priorities in arrival order', async () => {
      const entries = [5_000, 3_000, 5_000, FRONT_OF_QUEUE_PRIORITY, 3_000].map((priority) =>
        queueEntry({ priority }),
      );
      for (const entry of entries) await queue.enqueue(entry);
      const ids = entries.map((e) => e.handoffId);
      expect(await queue.list('general')).toEqual([
        entries[3],
        entries[1],
        entries[4],
        entries[0],
        entries[2],
      ]);
      expect(await pickAll(['general'])).toEqual([ids[3], ids[1], ids[4], ids[0], ids[2]]);
    });

    test('picks across skills: best priority first, then the longest wait; other skills untouched', async () => {
      const billing = queueEntry({ skill: 'billing', priority: 9_000, queuedAt: 50 });
      const cardsOld = queueEntry({ skill: 'cards', priority: 9_000, queuedAt: 10 });
      const cardsLow = queueEntry({ skill: 'cards', priority: 9_500 });
      const other = queueEntry({ skill: 'general', priority: 2 });
      for (const entry of [billing, cardsOld, cardsLow, other]) await queue.enqueue(entry);
      expect(await pickAll(['billing', 'cards'])).toEqual([
        cardsOld.handoffId,
        billing.handoffId,
        cardsLow.handoffId,
      ]);
      expect(await queue.depths(['general', 'billing', 'cards'])).toEqual({
        general: 1,
        billing: 0,
        cards: 0,
      });
    });

    test('a stale entry (claim refused) is dropped and the next one offered; a failed claim puts it back', async () => {
      const [a, b] = [queueEntry(), queueEntry()];
      await queue.enqueue(a as QueueEntry);
      await queue.enqueue(b as QueueEntry);
      await expect(
        queue.pickNext(['general'], async () => Promise.reject(new Error('store down'))),
      ).rejects.toThrow('store down');
      expect(await queue.position(a?.handoffId ?? '', 'general')).toBe(1);
      const offered: string[] = [];
      const taken = await queue.pickNext(['general'], async (entry) => {
        offered.push(entry.handoffId);
        return entry.handoffId !== a?.handoffId;
      });
      expect(offered).toEqual([a?.handoffId, b?.handoffId]);
      expect(taken).toEqual(b);
      expect(await queue.pickNext(['general'], acceptAll)).toBeUndefined();
    });

    test('positions, depths and removal follow the queue; enqueueing an id twice keeps one', async () => {
      const entries = [queueEntry(), queueEntry(), queueEntry()];
      for (const entry of entries) await queue.enqueue(entry);
      await queue.enqueue({ ...(entries[0] as QueueEntry), priority: 2 });
      expect(await queue.depths(['general'])).toEqual({ general: 3 });
      expect(await queue.position(entries[2]?.handoffId ?? '', 'general')).toBe(3);
      expect(await queue.remove(entries[0]?.handoffId ?? '', 'general')).toBe(true);
      expect(await queue.remove(entries[0]?.handoffId ?? '', 'general')).toBe(false);
      expect(await queue.position(entries[2]?.handoffId ?? '', 'general')).toBe(2);
      expect(await queue.position(entries[0]?.handoffId ?? '', 'general')).toBeUndefined();
      expect(await queue.list('general', 1)).toEqual([entries[1]]);
    });

    test('an entry put back at the front is picked before everything else in its queue', async () => {
      for (let i = 0; i < 3; i++) await queue.enqueue(queueEntry({ priority: 2 }));
      const lost = queueEntry({ priority: FRONT_OF_QUEUE_PRIORITY, queuedAt: 999_999 });
      await queue.enqueue(lost);
      expect(await queue.position(lost.handoffId, 'general')).toBe(1);
      expect((await queue.pickNext(['general'], acceptAll))?.handoffId).toBe(lost.handoffId);
    });

    test('20 concurrent pickers take every entry exactly once', async () => {
      const entries = Array.from({ length: 60 }, (_, i) => queueEntry({ priority: 2 + (i % 7) }));
      for (const entry of entries) await queue.enqueue(entry);
      const taken: string[] = [];
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (;;) {
            const entry = await queue.pickNext(['general'], acceptAll);
            if (!entry) return;
            taken.push(entry.handoffId);
          }
        }),
      );
      expect(taken).toHaveLength(entries.length);
      expect(new Set(taken).size).toBe(entries.length);
    });

    test('refuses what BullMQ cannot store: ids with ":" or whole numbers, priorities outside 1 to 2^21 − 1', async () => {
      const refused = [
        queueEntry({ handoffId: 'webchat:conv-1' }),
        queueEntry({ handoffId: '42' }),
        queueEntry({ handoffId: '' }),
        queueEntry({ priority: 0 }),
        queueEntry({ priority: 2.5 }),
        queueEntry({ priority: MAX_BULLMQ_PRIORITY + 1 }),
      ];
      for (const entry of refused) {
        await expect(queue.enqueue(entry)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION', status: 400 });
      }
      await expect(
        queue.scheduleTimer({ kind: 'wait-timeout', handoffId: 'sms:+15550100' }, TIMER_MS),
      ).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
      expect(await queue.depths(['general'])).toEqual({ general: 0 });
      const fine = queueEntry({ priority: MAX_BULLMQ_PRIORITY });
      await queue.enqueue(fine);
      expect(await queue.list('general')).toEqual([fine]);
    });

    test('a timer fires once with its data; a cancelled timer never fires', async () => {
      const fired: HandoffTimer[] = [];
      await queue.onTimer(async (timer) => {
        fired.push(timer);
      });
      const due: HandoffTimer = { kind: 'wait-timeout', handoffId: 'h-timer-due' };
      const cancelled: HandoffTimer = {
        kind: 'agent-grace',
        handoffId: 'h-timer-cancelled',
        agentId: 'alice',
        since: 5,
      };
      await queue.scheduleTimer(due, TIMER_MS);
      await queue.scheduleTimer(due, TIMER_MS);
      await queue.scheduleTimer(cancelled, TIMER_MS);
      await queue.cancelTimer(cancelled);
      await waitFor(() => fired.length >= 1, 'the timer', TIMER_MS * 20);
      await sleep(SILENCE_MS);
      expect(fired).toEqual([due]);
    });

    if (reopen) {
      test('a timer scheduled before a restart fires in the restarted process', async () => {
        await queue.scheduleTimer({ kind: 'wait-timeout', handoffId: 'h-restart' }, TIMER_MS);
        await queue.close();
        await sleep(TIMER_MS * 2);
        const second = await reopen();
        fixtures.push(second);
        const fired: HandoffTimer[] = [];
        await second.queue.onTimer(async (timer) => {
          fired.push(timer);
        });
        await waitFor(() => fired.length === 1, 'the timer after the restart', TIMER_MS * 20);
        expect(fired).toEqual([{ kind: 'wait-timeout', handoffId: 'h-restart' }]);
      });
    }
  });
}
