import { type HandoffDraft, newHandoffId } from '../../src/handoff/handoff-record';
import { HANDLE_TIMES_KEPT, type HandoffStore, type NewHandoff } from '../../src/handoff/handoff-store';

/** A store under test and how to dispose of it. */
export interface HandoffStoreFixture {
  store: HandoffStore;
  cleanup: () => Promise<void>;
}

/** Options of {@link runHandoffStoreSuite}. */
export interface HandoffStoreSuiteOptions {
  name: string;
  /** Makes a fresh, empty store (called before each test). */
  create: () => Promise<HandoffStoreFixture>;
  /** A second store on the same backend and prefix, like another process (shared stores only). */
  createPeer?: () => Promise<HandoffStoreFixture>;
}

const ALICE = { id: 'alice', name: 'Alice' };
const BOB = { id: 'bob', name: 'Bob' };

let conversationCount = 0;

/** A new handoff for a fresh conversation. */
export function newHandoff(overrides: Partial<HandoffDraft> = {}, now = 1_000): NewHandoff {
  conversationCount += 1;
  return {
    id: newHandoffId(),
    now,
    channelId: 'webchat',
    conversationId: `conv-${process.pid}-${conversationCount}`,
    skill: 'general',
    reason: 'customer-asked',
    customer: { id: 'u1', name: 'Dana', tier: 'gold' },
    context: {
      intent: 'dispute_charge',
      entities: [{ type: 'money', text: '$40' }],
      form: { name: 'dispute', filled: { amount: '$40' } },
    },
    priority: 9_000,
    ...overrides,
  };
}

/**
 * The `HandoffStore` contract: create-or-join, every transition only from its allowed statuses
 * (and agent), exactly one winner among concurrent assigns, the conversation index, open list,
 * handle times.
 */
export function runHandoffStoreSuite({ name, create, createPeer }: HandoffStoreSuiteOptions): void {
  describe(`HandoffStore conformance: ${name}`, () => {
    const fixtures: HandoffStoreFixture[] = [];
    let store: HandoffStore;

    beforeEach(async () => {
      const fixture = await create();
      fixtures.push(fixture);
      store = fixture.store;
    });
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
    });

    test('creates a pending handoff with every field kept, and finds it by id and conversation', async () => {
      const draft = newHandoff();
      const { handoff, joined } = await store.createOrJoin(draft);
      expect(joined).toBe(false);
      const { now: _now, ...fields } = draft;
      expect(handoff).toEqual({
        ...fields,
        status: 'pending',
        createdAt: 1_000,
        queuedAt: 1_000,
        joins: 0,
        requeues: 0,
        version: 1,
      });
      expect(await store.get(draft.id)).toEqual(handoff);
      expect(await store.active(draft.channelId, draft.conversationId)).toEqual(handoff);
      expect(await store.get('h-unknown')).toBeUndefined();
    });

    test('a second escalation of the same conversation joins the active handoff', async () => {
      const first = newHandoff();
      await store.createOrJoin(first);
      const second = await store.createOrJoin({ ...first, id: newHandoffId(), reason: 'low-confidence' });
      expect(second.joined).toBe(true);
      expect(second.handoff).toMatchObject({ id: first.id, joins: 1, reason: 'customer-asked' });
      expect(await store.get(second.handoff.id)).toMatchObject({ joins: 1 });
    });

    test('concurrent escalations of one conversation open exactly one handoff', async () => {
      const draft = newHandoff();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.createOrJoin({ ...draft, id: newHandoffId() })),
      );
      expect(new Set(results.map((r) => r.handoff.id)).size).toBe(1);
      expect(results.filter((r) => !r.joined)).toHaveLength(1);
    });

    test('assign succeeds only from pending; of concurrent assigns exactly one wins', async () => {
      const { handoff } = await store.createOrJoin(newHandoff());
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.transition(handoff.id, 'assign', { now: 2_000, agent: { id: `a${i}`, name: `A${i}` } }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0] as {
        ok: true;
        handoff: { agentId?: string; version: number; status: string; assignedAt?: number };
      };
      expect(winner.handoff).toMatchObject({ status: 'assigned', assignedAt: 2_000, version: 2 });
      const loser = results.find((r) => !r.ok);
      expect(loser).toEqual({
        ok: false,
        current: expect.objectContaining({ status: 'assigned', agentId: winner.handoff.agentId }),
      });
    });

    test('requeue and transfer go back to pending only for the holding agent, clearing the agent', async () => {
      const { handoff } = await store.createOrJoin(newHandoff());
      await store.transition(handoff.id, 'assign', { now: 2_000, agent: ALICE });
      expect(
        (await store.transition(handoff.id, 'requeue', { now: 3_000, expectedAgentId: BOB.id })).ok,
      ).toBe(false);
      const requeued = await store.transition(handoff.id, 'requeue', {
        now: 3_000,
        expectedAgentId: ALICE.id,
        priority: 1,
      });
      expect(requeued).toEqual({
        ok: true,
        handoff: expect.objectContaining({ status: 'pending', priority: 1, requeues: 1, queuedAt: 1_000 }),
      });
      const back = await store.get(handoff.id);
      expect(back?.agentId).toBeUndefined();
      expect(back?.assignedAt).toBeUndefined();
      await store.transition(handoff.id, 'assign', { now: 4_000, agent: BOB });
      const moved = await store.transition(handoff.id, 'transfer', {
        now: 5_000,
        expectedAgentId: BOB.id,
        skill: 'cards',
        priority: 8_000,
      });
      expect(moved).toEqual({
        ok: true,
        handoff: expect.objectContaining({ status: 'pending', skill: 'cards', priority: 8_000, requeues: 2 }),
      });
    });

    test('resolve, expire and cancel apply only from their statuses and free the conversation', async () => {
      const a = (await store.createOrJoin(newHandoff())).handoff;
      expect((await store.transition(a.id, 'resolve', { now: 2_000 })).ok).toBe(false);
      expect((await store.transition(a.id, 'expire', { now: 2_000 })).ok).toBe(true);
      expect(await store.get(a.id)).toMatchObject({
        status: 'expired',
        closedAt: 2_000,
        disposition: 'no-agent-in-time',
      });
      expect(await store.active(a.channelId, a.conversationId)).toBeUndefined();
      expect((await store.transition(a.id, 'cancel', { now: 3_000 })).ok).toBe(false);

      const b = (await store.createOrJoin(newHandoff())).handoff;
      await store.transition(b.id, 'assign', { now: 2_000, agent: ALICE });
      expect((await store.transition(b.id, 'expire', { now: 2_500 })).ok).toBe(false);
      expect((await store.transition(b.id, 'resolve', { now: 3_000, expectedAgentId: BOB.id })).ok).toBe(
        false,
      );
      const resolved = await store.transition(b.id, 'resolve', {
        now: 3_000,
        expectedAgentId: ALICE.id,
        disposition: 'refunded',
      });
      expect(resolved).toEqual({
        ok: true,
        handoff: expect.objectContaining({
          status: 'resolved',
          disposition: 'refunded',
          agentId: 'alice',
          version: 3,
        }),
      });

      const c = (await store.createOrJoin(newHandoff())).handoff;
      expect(
        await store.transition(c.id, 'cancel', { now: 2_000, disposition: 'customer-cancelled' }),
      ).toMatchObject({ ok: true });
      expect(await store.transition('h-missing', 'cancel', { now: 1 })).toEqual({
        ok: false,
        current: undefined,
      });
    });

    test('after a final status the conversation can escalate again, as a new handoff', async () => {
      const draft = newHandoff();
      await store.createOrJoin(draft);
      await store.transition(draft.id, 'cancel', { now: 2_000 });
      const again = await store.createOrJoin({ ...draft, id: newHandoffId(), now: 3_000 });
      expect(again.joined).toBe(false);
      expect(again.handoff.id).not.toBe(draft.id);
      expect(await store.get(draft.id)).toMatchObject({ status: 'cancelled' });
    });

    test('listOpen holds pending and assigned handoffs only', async () => {
      const pending = (await store.createOrJoin(newHandoff())).handoff;
      const assigned = (await store.createOrJoin(newHandoff())).handoff;
      const closed = (await store.createOrJoin(newHandoff())).handoff;
      await store.transition(assigned.id, 'assign', { now: 2_000, agent: ALICE });
      await store.transition(closed.id, 'cancel', { now: 2_000 });
      const open = await store.listOpen();
      expect(open.map((h) => h.id).sort()).toEqual([pending.id, assigned.id].sort());
      expect(open.find((h) => h.id === assigned.id)).toMatchObject({
        status: 'assigned',
        agentName: 'Alice',
      });
    });

    test('keeps the most recent handle times per skill, newest first', async () => {
      for (let i = 1; i <= HANDLE_TIMES_KEPT + 5; i++) await store.recordHandleTime('billing', i * 1_000);
      const times = await store.recentHandleTimes('billing');
      expect(times).toHaveLength(HANDLE_TIMES_KEPT);
      expect(times[0]).toBe((HANDLE_TIMES_KEPT + 5) * 1_000);
      expect(await store.recentHandleTimes('cards')).toEqual([]);
    });

    if (createPeer) {
      test('another process sees the same records and loses the same races', async () => {
        const peerFixture = await createPeer();
        fixtures.push(peerFixture);
        const peer = peerFixture.store;
        const { handoff } = await store.createOrJoin(newHandoff());
        expect(await peer.get(handoff.id)).toEqual(handoff);
        const [mine, theirs] = await Promise.all([
          store.transition(handoff.id, 'assign', { now: 2_000, agent: ALICE }),
          peer.transition(handoff.id, 'assign', { now: 2_000, agent: BOB }),
        ]);
        expect([mine.ok, theirs.ok].filter(Boolean)).toHaveLength(1);
      });
    }
  });
}
