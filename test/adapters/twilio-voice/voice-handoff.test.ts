/**
 * Handoff on a phone call, end to end through signed Twilio webhooks and the fake REST API: the
 * escalation turn puts the caller in a Twilio queue (<Enqueue>), the wait URL tells the position,
 * an agent's claim dials their phone into that queue (<Dial><Queue>), and the caller returns to
 * the bot when the agent hangs up or resolves. Hang-ups cancel, timeouts offer a callback, agents
 * without a phone serve by text relay, and forged callbacks are refused.
 */

import { StorageCsatStore } from '../../../dialogs/handoff/handoff-outcome-store';
import { type FakeTwilioApi, startFakeTwilioApi } from '../../support/fake-twilio-api';
import { setupRedis } from '../../support/redis-test-context';
import { describeWithRedis } from '../../support/services';
import { sleep, waitFor } from '../../support/time';
import {
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../twilio-sms/twilio-test-server';
import { findAll, findOne, textOf } from './twiml-xml';
import { saysIn, twimlOf, VoiceCaller, VoiceCallerOn } from './voice-caller';
import {
  ALICE,
  ALICE_PHONE,
  BOB,
  signFor,
  startVoiceHandoffServer,
  type VoiceHandoffTestServer,
} from './voice-handoff-server';

/** Long enough for a bus broadcast and a relay delivery that should NOT produce a request to arrive. */
const SETTLE_MS = 300;
const WAIT_URL = `${PUBLIC_BASE_URL}/twilio/voice/wait`;
const RESULT_URL = `${PUBLIC_BASE_URL}/twilio/voice/queue-result`;
const CONNECT_URL = `${PUBLIC_BASE_URL}/twilio/voice/connect`;
const LEAVE_URL = `${PUBLIC_BASE_URL}/twilio/voice/leave-queue`;

describe('handoff on a phone call (Twilio queue, agent phone bridged)', () => {
  let api: FakeTwilioApi;
  let t: VoiceHandoffTestServer;

  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    t = await startVoiceHandoffServer({ api });
  });
  afterAll(async () => {
    await t?.close();
    await api?.close();
  });
  beforeEach(() => api.reset());

  const service = () => t.handoff.services.service;
  const agentCalls = () => api.requests.filter((r) => r.kind === 'call');

  it('enqueue → position → claim → agent phone bridged → agent hangs up → caller back with the CSAT', async () => {
    const caller = new VoiceCaller(t);
    const { queue, doc } = await caller.escalate();
    const handoff = await service().active('voice', caller.sid);
    expect(handoff?.status).toBe('pending');
    expect(queue).toBe(handoff?.id);
    expect(saysIn(doc)[0]).toMatch(/^Connecting you to a person/);
    expect(findAll(doc, 'Gather')).toHaveLength(0);
    expect(findOne(doc, 'Enqueue').attributes).toMatchObject({
      waitUrl: WAIT_URL,
      waitUrlMethod: 'POST',
      action: RESULT_URL,
      method: 'POST',
    });

    // The handoff service's position wins over Twilio's (one queue per caller: always 1 there).
    const hold = await caller.wait({ QueuePosition: '7' });
    expect(saysIn(hold)).toEqual([
      'You are next in line. Your wait is about 4 minutes. Please stay on the line: a person will be with you as soon as possible. To go back to the assistant, say cancel or press star.',
    ]);
    expect(findOne(hold, 'Gather').attributes).toMatchObject({ action: LEAVE_URL, numDigits: '1' });
    expect(findOne(findOne(hold, 'Gather'), 'Pause').attributes['length']).toBe('20');

    const claimed = await service().pickNext(ALICE); // what the console's "pick" does
    expect(claimed?.id).toBe(queue);
    const [dial] = await api.waitFor(1, (r) => r.kind === 'call');
    expect(dial?.params).toMatchObject({
      To: ALICE_PHONE,
      From: OUR_NUMBER,
      StatusCallback: `${PUBLIC_BASE_URL}/twilio/voice/agent-status?handoffId=${queue}`,
    });
    const agentTwiml = twimlOf(dial as NonNullable<typeof dial>);
    const queueNoun = findOne(findOne(agentTwiml, 'Dial'), 'Queue');
    expect(textOf(queueNoun)).toBe(queue);
    expect(queueNoun.attributes['url']).toBe(CONNECT_URL);

    await sleep(SETTLE_MS);
    expect(caller.updates()).toEqual([]); // "You are now chatting with…" is not spoken over the queue
    expect(agentCalls()).toHaveLength(1);
    expect(saysIn(await caller.wait())).toEqual([
      'A person is about to take your call. Please stay on the line.',
    ]);

    expect(saysIn(await caller.connect(dial?.createdSid ?? ''))).toEqual(['Connecting you now.']);

    // The agent hangs up; the caller is still there.
    const after = await caller.leftQueue('bridged');
    expect(saysIn(after)).toEqual(['One moment, please.']);
    expect((await service().get(queue))?.status).toBe('resolved');
    const [csat] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    const question = twimlOf(csat as NonNullable<typeof csat>);
    expect(saysIn(question)[0]).toMatch(/back with the Acme assistant/);
    expect(findOne(question, 'Gather').attributes['numDigits']).toBe('1');

    const agentStatus = await t.post(`/twilio/voice/agent-status?handoffId=${queue}`, {
      CallSid: dial?.createdSid ?? '',
      From: OUR_NUMBER,
      To: ALICE_PHONE,
      CallStatus: 'completed',
    });
    expect(agentStatus.status).toBe(204);

    expect(saysIn(await caller.press('4'))).toEqual([
      'Thank you for your feedback! Anything else I can help with?',
    ]);
    // The keypad answer is recorded with the conversation, like the web chat's buttons.
    expect(await new StorageCsatStore(t.state.storage).list('voice', caller.sid)).toEqual([
      expect.objectContaining({ handoffId: queue, score: 4, agentName: 'Alice Martin' }),
    ]);
  });

  it('resolved from the console while bridged: the caller is moved back to the bot', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    await service().claim(queue, ALICE);
    const [dial] = await api.waitFor(1, (r) => r.kind === 'call');
    await caller.connect(dial?.createdSid ?? '');

    await service().resolve(queue, ALICE, 'solved');
    const [csat] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    expect(saysIn(twimlOf(csat as NonNullable<typeof csat>))[0]).toMatch(/back with the Acme assistant/);
    // Twilio then reports the caller left the bridge because we moved them: should it run our
    // answer rather than the update's TwiML, it is the same question, never a hang-up.
    const moved = await caller.leftQueue('redirected-from-bridged');
    expect(saysIn(moved)).toEqual(saysIn(twimlOf(csat as NonNullable<typeof csat>)));
    expect(findAll(moved, 'Hangup')).toEqual([]);
    expect(caller.updates()).toHaveLength(1);
  });

  it('the wait URL falls back to Twilio’s position and average wait when the service has none', async () => {
    const caller = new VoiceCaller(t);
    const hold = await caller.wait({ QueuePosition: '3', AvgQueueTime: '125' });
    expect(saysIn(hold)[0]).toMatch(/^You are number 3 in line\. Your wait is about 3 minutes\./);
  });

  it('an agent without a phone: the caller leaves the queue once, for the text relay', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    await service().claim(queue, BOB);
    const [relay] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    expect(saysIn(twimlOf(relay as NonNullable<typeof relay>))).toEqual([
      'You are now chatting with Bob Chen.',
      'They will read what you say and answer you here.',
    ]);
    await sleep(SETTLE_MS);
    expect(caller.updates()).toHaveLength(1); // the relayed notice is not said a second time
    expect(agentCalls()).toEqual([]);

    await service().reply(queue, BOB, 'I can see your card. What happened?');
    const [reply] = await api
      .waitFor(2, (r) => r.kind === 'call-update' && r.sid === caller.sid)
      .then((r) => r.slice(1));
    expect(saysIn(twimlOf(reply as NonNullable<typeof reply>))).toEqual([
      'I can see your card. What happened?',
    ]);

    const heard: string[] = [];
    const unsubscribe = await t.state.bus.subscribe('handoff:updates', (m) => {
      heard.push(m);
    });
    const spoken = await caller.say('it was stolen');
    expect(findAll(spoken, 'Enqueue')).toHaveLength(0); // the caller talks to Bob, not to a queue
    expect(saysIn(spoken)).toEqual([]);
    // …and what the caller said reaches Bob's console (the other direction of the relay).
    await waitFor(() => heard.some((m) => m.includes('it was stolen')), 'the caller line on the bus', 5_000);
    const line = heard.map((m) => JSON.parse(m)).find((f) => f.type === 'message');
    expect(line).toMatchObject({ handoffId: queue, line: { from: 'customer', text: 'it was stolen' } });
    await unsubscribe();

    await service().resolve(queue, BOB, 'solved');
    const updates = await api.waitFor(3, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    expect(saysIn(twimlOf(updates[2] as NonNullable<(typeof updates)[2]>))[0]).toMatch(
      /back with the Acme assistant/,
    );
  });

  it('the agent’s phone does not answer: the caller gets the text relay instead', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    await service().claim(queue, ALICE);
    const [dial] = await api.waitFor(1, (r) => r.kind === 'call');
    const status = await t.post(`/twilio/voice/agent-status?handoffId=${queue}`, {
      CallSid: dial?.createdSid ?? '',
      From: OUR_NUMBER,
      To: ALICE_PHONE,
      CallStatus: 'no-answer',
    });
    expect(status.status).toBe(204);
    const [relay] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    expect(saysIn(twimlOf(relay as NonNullable<typeof relay>))[0]).toBe(
      'You are now chatting with Alice Martin.',
    );
    await service().resolve(queue, ALICE, 'solved');
  });

  it('hang-up while waiting (Enqueue action) cancels the handoff: nothing stays queued', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    const left = await caller.leftQueue('hangup', 'completed');
    expect(left.children).toEqual([]);
    expect((await service().get(queue))?.status).toBe('cancelled');
    expect(await service().listQueue('general')).toEqual([]);
    expect(await service().pickNext(ALICE)).toBeUndefined();
    await sleep(SETTLE_MS);
    expect(agentCalls()).toEqual([]);
  });

  it.each([
    ['saying "cancel"', { SpeechResult: 'Cancel.', Confidence: '0.9' }],
    ['pressing star', { Digits: '*' }],
  ])('on hold, %s leaves the queue and the bot takes the call again', async (_how, input) => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    expect(
      findAll(await caller.twiml('/twilio/voice/leave-queue', { SpeechResult: 'hello?' }), 'Leave'),
    ).toEqual([]);
    const leave = await caller.twiml('/twilio/voice/leave-queue', input);
    expect(findAll(leave, 'Leave')).toHaveLength(1);
    expect((await service().get(queue))?.status).toBe('cancelled');
    const back = await caller.leftQueue('leave');
    expect(saysIn(back)).toEqual(["OK, you have left the queue. I'm the assistant again: how can I help?"]);
    expect(findAll(back, 'Gather')).toHaveLength(1);
    expect(findAll(await caller.say('hello'), 'Enqueue')).toEqual([]);
  });

  it('transferred while on the phone: when the agent hangs up, the caller is queued again', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    await service().claim(queue, ALICE);
    const [dial] = await api.waitFor(1, (r) => r.kind === 'call');
    await caller.connect(dial?.createdSid ?? '');
    await service().transfer(queue, ALICE, 'cards');
    const again = await caller.leftQueue('bridged');
    expect(textOf(findOne(again, 'Enqueue'))).toBe(queue);
    expect((await service().get(queue))?.status).toBe('pending');
    await caller.leftQueue('hangup', 'completed');
    expect((await service().get(queue))?.status).toBe('cancelled');
  });

  it('hang-up reported by the call status callback cancels too', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    const status = await t.post('/twilio/voice/status', caller.params({ CallStatus: 'completed' }));
    expect(status.status).toBe(204);
    expect((await service().get(queue))?.status).toBe('cancelled');
    expect(await service().depths()).toMatchObject({ general: 0 });
  });

  it('refuses unsigned and forged queue callbacks with 403', async () => {
    const caller = new VoiceCaller(t);
    const forged = { signature: 'bm90LWEtc2lnbmF0dXJl' };
    for (const path of [
      '/twilio/voice/wait',
      '/twilio/voice/queue-result',
      '/twilio/voice/connect',
      '/twilio/voice/agent-status?handoffId=h-00000000-0000-4000-8000-000000000000',
    ]) {
      const params = caller.params({ QueueResult: 'hangup' });
      expect((await t.post(path, params, { signature: null })).status).toBe(403);
      expect((await t.post(path, params, forged)).status).toBe(403);
      // Signed for another URL (a replay on another route) is forged too.
      expect((await t.post(path, params, { signature: signFor('/twilio/voice', params) })).status).toBe(403);
    }
  });

  it('bad verified input: the wait URL still holds the caller; the action apologizes; a bad handoff id is 400', async () => {
    const caller = new VoiceCaller(t);
    const hold = await caller.wait({ QueuePosition: 'first' });
    expect(saysIn(hold)).toEqual(['Please stay on the line: a person will be with you as soon as possible.']);
    expect(findAll(hold, 'Pause')).toHaveLength(1);
    const action = await t.post('/twilio/voice/queue-result', caller.params({ QueueResult: '<script>' }));
    expect(action.status).toBe(200);
    expect(action.body).toContain('<Hangup/>');
    const status = await t.post('/twilio/voice/agent-status?handoffId=nope', caller.params());
    expect(status.status).toBe(400);
  });
});

describe('handoff on a phone call: the wait times out', () => {
  let api: FakeTwilioApi;
  let t: VoiceHandoffTestServer;

  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    t = await startVoiceHandoffServer({ api, waitTimeoutMs: 1_000 });
  });
  afterAll(async () => {
    await t?.close();
    await api?.close();
  });

  it('takes the caller out of the queue and offers a callback, which the caller takes', async () => {
    const caller = new VoiceCaller(t);
    const { queue } = await caller.escalate();
    const [offer] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid, 10_000);
    const doc = twimlOf(offer as NonNullable<typeof offer>);
    expect(saysIn(doc)[0]).toMatch(/^Sorry, nobody could take your chat in time\. Shall we call you back/);
    expect(findAll(doc, 'Gather')).toHaveLength(1);
    expect((await t.handoff.services.service.get(queue))?.status).toBe('expired');
    expect(saysIn(await caller.leftQueue('redirected'))).toEqual(saysIn(doc));

    const answer = await caller.say('call me back');
    expect(findAll(answer, 'Enqueue')).toHaveLength(0);
    expect(saysIn(answer)[0]).toMatch(/We will call you back within one business day/);
  });
});

describeWithRedis('handoff on a phone call across two processes (Redis, BullMQ)', (redisUrl) => {
  const context = setupRedis(redisUrl, 'voice-handoff');
  let api: FakeTwilioApi;
  let a: VoiceHandoffTestServer;
  let b: VoiceHandoffTestServer;

  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    const keyPrefix = context.nextPrefix();
    a = await startVoiceHandoffServer({ api, redisUrl: redisUrl(), keyPrefix });
    b = await startVoiceHandoffServer({ api, redisUrl: redisUrl(), keyPrefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await api?.close();
  });

  it('queued on one process, claimed on the other: the agent is dialled once and bridged', async () => {
    const caller = new VoiceCaller(a);
    const { queue } = await caller.escalate();
    expect((await b.handoff.services.service.listQueue('general')).map((e) => e.handoffId)).toEqual([queue]);
    expect(saysIn(await new VoiceCaller(b).wait())[0]).toMatch(/^Please stay on the line/); // unknown call
    expect(saysIn(await caller.wait())[0]).toMatch(/^You are next in line\./);

    await b.handoff.services.service.claim(queue, ALICE);
    const [dial] = await api.waitFor(1, (r) => r.kind === 'call');
    expect(dial?.params['To']).toBe(ALICE_PHONE);
    expect(textOf(findOne(twimlOf(dial as NonNullable<typeof dial>), 'Queue'))).toBe(queue);
    await sleep(SETTLE_MS);
    expect(api.requests.filter((r) => r.kind === 'call')).toHaveLength(1); // both processes heard it
    expect(caller.updates()).toEqual([]);

    // Twilio's callbacks may reach either process behind the load balancer.
    const onB = new VoiceCallerOn(b, caller);
    await onB.connect(dial?.createdSid ?? '');
    expect(saysIn(await onB.leftQueue('bridged'))).toEqual(['One moment, please.']);
    const [csat] = await api.waitFor(1, (r) => r.kind === 'call-update' && r.sid === caller.sid);
    expect(saysIn(twimlOf(csat as NonNullable<typeof csat>))[0]).toMatch(/back with the Acme assistant/);
    expect((await a.handoff.services.service.get(queue))?.status).toBe('resolved');
  });
});
