/**
 * The handoff service end to end on both backends: the embedded default (memory store,
 * in-process queue) and production (Redis store, BullMQ) — priority order, concurrent claims,
 * cancel, timeouts (across a restart), agent disconnects, queue positions, transfer, resolve.
 */
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';
import { sleep, waitFor } from '../support/time';
import {
  ALICE,
  BOB,
  escalation,
  type HandoffFixture,
  type StartHandoffOptions,
  startHandoff,
  textsTo,
} from './support/handoff-fixture';

/** Concurrent claim races per backend (the issue asks for 100). */
const CLAIM_RACES = 100;

function describeService(
  name: string,
  open: (options?: StartHandoffOptions) => Promise<HandoffFixture>,
): void {
  describe(`HandoffService on ${name}`, () => {
    const fixtures: HandoffFixture[] = [];
    const start = async (options?: StartHandoffOptions) => {
      const fixture = await open(options);
      fixtures.push(fixture);
      return fixture;
    };
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((f) => f.close()));
    });

    test('serves by priority: a platinum caller, then a gold web chat, then a standard SMS', async () => {
      const h = await start();
      const sms = await h.service.escalate(escalation({ channelId: 'sms' }));
      const web = await h.service.escalate(escalation({ customer: { tier: 'gold' } }));
      const voice = await h.service.escalate(
        escalation({ channelId: 'voice', customer: { tier: 'platinum' } }),
      );
      expect([sms.position, web.position, voice.position]).toEqual([1, 1, 1]);
      const order = [];
      for (let i = 0; i < 3; i++) order.push((await h.service.pickNext(BOB))?.channelId);
      expect(order).toEqual(['voice', 'webchat', 'sms']);
      expect(await h.service.pickNext(BOB)).toBeUndefined();
    });

    test(`two agents claiming at once: exactly one wins, ${CLAIM_RACES} times`, async () => {
      const h = await start();
      for (let i = 0; i < CLAIM_RACES; i++) {
        const { handoff } = await h.service.escalate(escalation());
        const racers =
          i % 2 === 0
            ? [h.service.claim(handoff.id, ALICE), h.service.claim(handoff.id, BOB)]
            : [h.service.claim(handoff.id, ALICE), h.service.pickNext(BOB)];
        const results = await Promise.allSettled(racers);
        const won = results.filter((r) => r.status === 'fulfilled' && r.value !== undefined);
        expect(won).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected')
            expect(r.reason).toMatchObject({ code: 'SWB_ERR_HANDOFF_CONFLICT', status: 409 });
      }
      expect(await h.service.depths()).toEqual({ general: 0, billing: 0, cards: 0 });
      const open = await h.service.listOpen();
      expect(open.filter((x) => x.status === 'assigned')).toHaveLength(CLAIM_RACES);
    });

    test('a second escalation joins the active handoff; cancel while waiting leaves the queue for good', async () => {
      const h = await start();
      const request = escalation({ skill: 'billing' });
      const first = await h.service.escalate(request);
      const again = await h.service.escalate({ ...request, reason: 'low-confidence' });
      expect(again).toMatchObject({ joined: true, position: 1, handoff: { id: first.handoff.id, joins: 1 } });
      const cancelled = await h.service.cancel(first.handoff.id);
      expect(cancelled).toMatchObject({ status: 'cancelled', disposition: 'customer-cancelled' });
      expect(await h.service.depths()).toMatchObject({ billing: 0 });
      expect(await h.service.pickNext(ALICE)).toBeUndefined();
      expect(await h.service.active('webchat', request.conversationId)).toBeUndefined();
      expect(await h.service.cancel(first.handoff.id)).toBeUndefined();
    });

    test('when nobody picks in time the handoff expires and the bot takes over with an offer', async () => {
      const h = await start({ timings: { waitTimeoutMs: 300 } });
      const { handoff } = await h.service.escalate(escalation());
      await waitFor(() => h.deliveries.some((d) => d.delivery.kind === 'status'), 'the expiry', 10_000);
      expect(await h.service.get(handoff.id)).toMatchObject({
        status: 'expired',
        disposition: 'no-agent-in-time',
      });
      expect(h.deliveries.at(-1)?.delivery).toEqual({
        kind: 'status',
        value: expect.objectContaining({ status: 'expired', handoffId: handoff.id }),
      });
      expect(await h.service.depths()).toMatchObject({ general: 0 });
    });

    test('an agent disconnected past the grace period loses the conversation to the front of the queue', async () => {
      const h = await start({ timings: { graceMs: 250 } });
      const lost = await h.service.escalate(escalation());
      const picked = await h.service.pickNext(ALICE);
      expect(picked?.id).toBe(lost.handoff.id);
      const waiting = [await h.service.escalate(escalation()), await h.service.escalate(escalation())];
      await h.service.agentDisconnected(ALICE.id);
      await waitFor(
        () => textsTo(h, lost.handoff.id).some((t) => t.includes('disconnected')),
        'the requeue',
        10_000,
      );
      expect(await h.service.get(lost.handoff.id)).toMatchObject({
        status: 'pending',
        requeues: 1,
        priority: 1,
      });
      expect(await h.service.waitOf((await h.service.get(lost.handoff.id))!)).toMatchObject({ position: 1 });
      expect((await h.service.pickNext(BOB))?.id).toBe(lost.handoff.id);
      expect((await h.service.pickNext(BOB))?.id).toBe(waiting[0]?.handoff.id);
    });

    test('an agent who reconnects within the grace period keeps the conversation', async () => {
      const h = await start({ timings: { graceMs: 300 } });
      const { handoff } = await h.service.escalate(escalation());
      await h.service.pickNext(ALICE);
      await h.service.agentDisconnected(ALICE.id);
      await sleep(20);
      await h.presence.seen(ALICE.id, true);
      await sleep(900);
      expect(await h.service.get(handoff.id)).toMatchObject({ status: 'assigned', agentId: 'alice' });
    });

    test('waiting customers hear their new position when it changes', async () => {
      const h = await start({ timings: { positionUpdateIntervalMs: 100 } });
      const queued = [];
      for (let i = 0; i < 3; i++) queued.push(await h.service.escalate(escalation()));
      expect(queued.map((q) => q.position)).toEqual([1, 2, 3]);
      await h.service.pickNext(ALICE);
      const [, second, third] = queued.map((q) => q.handoff.id);
      await waitFor(() => textsTo(h, third ?? '').length > 0, 'the position update', 10_000);
      expect(textsTo(h, second ?? '')).toEqual([
        expect.stringMatching(/^You are now number 1 in line, about 4 minutes\./),
      ]);
      expect(textsTo(h, third ?? '')).toEqual([
        expect.stringMatching(/^You are now number 2 in line, about 8 minutes\./),
      ]);
    });

    test('the estimate follows recent handle times and the agents online for the skill', async () => {
      const h = await start();
      for (const ms of [60_000, 120_000, 180_000]) await h.store.recordHandleTime('billing', ms);
      await h.presence.seen(ALICE.id, true);
      await h.presence.seen('sam', true);
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await h.service.escalate(escalation({ skill: 'billing' })));
      // Median 2 min; 3rd in line; 2 billing agents online: 3 × 2 / 2 = 3 minutes.
      expect(results.map((r) => r.etaMinutes)).toEqual([1, 2, 3]);
    });

    test('an Away agent keeps their conversation but takes no new one until Online again', async () => {
      const h = await start();
      const first = await h.service.escalate(escalation());
      const second = await h.service.escalate(escalation());
      await h.presence.seen(ALICE.id, true);
      expect((await h.service.pickNext(ALICE))?.id).toBe(first.handoff.id);
      await h.presence.setStatus(ALICE.id, 'away');
      await expect(h.service.pickNext(ALICE)).rejects.toMatchObject({
        code: 'SWB_ERR_AGENT_AWAY',
        status: 409,
      });
      await expect(h.service.claim(second.handoff.id, ALICE)).rejects.toMatchObject({
        code: 'SWB_ERR_AGENT_AWAY',
      });
      expect(await h.service.get(second.handoff.id)).toMatchObject({ status: 'pending' });
      await h.service.reply(first.handoff.id, ALICE, 'Still with you.');
      expect(await h.service.get(first.handoff.id)).toMatchObject({ status: 'assigned', agentId: 'alice' });
      await h.presence.setStatus(ALICE.id, 'online');
      expect((await h.service.claim(second.handoff.id, ALICE)).agentId).toBe('alice');
    });

    test('relay, transfer and resolve: lines broadcast, waited time kept, handle time recorded', async () => {
      const h = await start();
      const broadcasts: string[] = [];
      await h.bus.subscribe('handoff:updates', (m) => broadcasts.push(m));
      const { handoff } = await h.service.escalate(escalation({ skill: 'billing' }));
      await h.service.pickNext(ALICE);
      await h.service.customerMessage((await h.service.get(handoff.id))!, 'my card was charged twice');
      await h.service.reply(handoff.id, ALICE, 'Let me check that for you.');
      await expect(h.service.reply(handoff.id, BOB, 'hi')).rejects.toMatchObject({
        code: 'SWB_ERR_HANDOFF_CONFLICT',
      });
      await h.service.transfer(handoff.id, ALICE, 'cards');
      expect(await h.service.get(handoff.id)).toMatchObject({
        status: 'pending',
        skill: 'cards',
        requeues: 1,
      });
      expect(textsTo(h, handoff.id).at(-1)).toMatch(
        /^You have been transferred to our cards team: you are number 1 in line/,
      );
      expect((await h.service.pickNext(BOB))?.id).toBe(handoff.id);
      const resolved = await h.service.resolve(handoff.id, BOB, 'refund-issued');
      expect(resolved).toMatchObject({ status: 'resolved', disposition: 'refund-issued' });
      expect(await h.store.recentHandleTimes('cards')).toHaveLength(1);
      expect(h.deliveries.at(-1)?.delivery).toEqual({
        kind: 'status',
        value: {
          status: 'resolved',
          handoffId: handoff.id,
          skill: 'cards',
          agentName: 'Bob Chen',
          disposition: 'refund-issued',
        },
      });
      await waitFor(() => broadcasts.some((b) => b.includes('charged twice')), 'the customer line broadcast');
      const lines = broadcasts
        .map((b) => JSON.parse(b) as { type: string; line?: { from: string } })
        .filter((b) => b.type === 'message');
      expect(lines.map((l) => l.line?.from)).toEqual(['customer', 'agent']);
    });
  });
}

describeService('the embedded default', (options) => startHandoff(options));

describeWithRedis('HandoffService on Redis', (redisUrl) => {
  const context = setupRedis(redisUrl, 'handoff-service');
  describeService('Redis and BullMQ', (options) =>
    startHandoff({ redisUrl: redisUrl(), keyPrefix: context.nextPrefix(), ...options }),
  );

  test('a wait timeout scheduled before a restart fires in the restarted service', async () => {
    const keyPrefix = context.nextPrefix();
    const first = await startHandoff({ redisUrl: redisUrl(), keyPrefix, timings: { waitTimeoutMs: 600 } });
    const { handoff } = await first.service.escalate(escalation());
    await first.close();
    await sleep(800);
    const second = await startHandoff({ redisUrl: redisUrl(), keyPrefix, storage: first.storage });
    try {
      await waitFor(
        () => second.deliveries.some((d) => d.delivery.kind === 'status'),
        'the expiry after the restart',
        10_000,
      );
      expect(await second.service.get(handoff.id)).toMatchObject({ status: 'expired' });
      expect(second.deliveries[0]?.delivery).toMatchObject({
        kind: 'status',
        value: { status: 'expired', handoffId: handoff.id },
      });
    } finally {
      await second.close();
    }
  });
});
