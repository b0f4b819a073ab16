/**
 * Cards follow the handoff wherever the change comes from: the customer cancelling, the wait
 * timeout, and an agent working in the web console (claim, transfer to a queue shown in another
 * desk channel, a console reply posted in the thread).
 */

import { loginAgent } from '../../../handoff/support/handoff-server';
import { FakeSlackApi, type FakeSlackCall } from '../../../support/fake-slack-api';
import { createSession, WebChatTestClient } from '../../../support/webchat-client';
import {
  cardUpdates,
  DESK_CHANNELS,
  type DeskTestServer,
  handoffIdOf,
  startDeskServer,
  threadPosts,
  waitForCard,
} from './desk-harness';

/** Short enough for the test, long enough to act on the other cards first. */
const WAIT_TIMEOUT_MS = 4_000;

describe('Slack agent desk: cards follow the handoff', () => {
  let api: FakeSlackApi;
  let s: DeskTestServer;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    s = await startDeskServer({ api, handoff: { waitTimeoutMs: WAIT_TIMEOUT_MS } });
  });
  afterAll(async () => {
    await s?.close();
    await api?.close();
  });

  async function escalatedCustomer(marker: string) {
    const session = await createSession(s.baseUrl);
    const customer = await WebChatTestClient.connect(`${s.wsUrl}/webchat/socket`, session.token);
    customer.say(marker);
    await customer.botMessage(1);
    customer.say('talk to a person');
    const card = await waitForCard(api, DESK_CHANNELS.general, marker);
    return { customer, card };
  }

  const lastUpdate = async (card: FakeSlackCall, count: number) => {
    await api.waitFor(() => cardUpdates(api, card).length >= count, 10_000);
    return JSON.stringify(cardUpdates(api, card)[count - 1]?.params['blocks']);
  };
  const noteIn = (card: FakeSlackCall, pattern: RegExp) =>
    api.waitFor(() =>
      threadPosts(api, DESK_CHANNELS.general, card).some((p) => pattern.test(String(p.params['text']))),
    );

  test('the customer cancels: the card says so, without buttons', async () => {
    const { customer, card } = await escalatedCustomer('I changed my mind about the loan');
    try {
      customer.say('cancel');
      const cancelled = await lastUpdate(card, 1);
      expect(cancelled).toContain('Cancelled');
      expect(cancelled).not.toContain('swb_desk_');
      await noteIn(card, /customer left the queue/);
    } finally {
      await customer.close();
    }
  });

  test('claimed and transferred in the console: the card moves to the new queue channel', async () => {
    const { customer, card } = await escalatedCustomer('question about a fee on my statement');
    try {
      const alice = await loginAgent(s.baseUrl, 'alice');
      const handoffId = handoffIdOf(card);
      expect((await alice.call('POST', `/handoffs/${handoffId}/claim`)).status).toBe(200);
      expect(await lastUpdate(card, 1)).toContain('Claimed by Alice Martin');

      expect(
        (await alice.call('POST', `/handoffs/${handoffId}/messages`, { text: 'Let me check the fee.' }))
          .status,
      ).toBe(201);
      await noteIn(card, /^\*Alice Martin\* \(agent console\): Let me check the fee\.$/);

      expect((await alice.call('POST', `/handoffs/${handoffId}/transfer`, { skill: 'billing' })).status).toBe(
        200,
      );
      const moved = await lastUpdate(card, 2);
      expect(moved).toContain('Transferred to the billing queue');
      expect(moved).not.toContain('swb_desk_');
      await noteIn(card, /transferred the customer to the \*billing\* queue/);
      const billing = await waitForCard(api, DESK_CHANNELS.billing, 'question about a fee on my statement');
      expect(handoffIdOf(billing)).toBe(handoffId);
      expect(JSON.stringify(billing.params['blocks'])).toContain('Back in the queue');
    } finally {
      await customer.close();
    }
  });

  test('a rate-limited card post is retried; a failed one is logged with its code and posted at the next change', async () => {
    api.rateLimit(1, 1, 'chat.postMessage');
    const first = await escalatedCustomer('rate limited escalation');
    try {
      expect(api.calls.some((c) => c.method === 'chat.postMessage' && c.status === 429)).toBe(true);
    } finally {
      await first.customer.close();
    }

    api.failWith('channel_not_found', 1, 'chat.postMessage');
    const session = await createSession(s.baseUrl);
    const customer = await WebChatTestClient.connect(`${s.wsUrl}/webchat/socket`, session.token);
    try {
      customer.say('failed card escalation');
      await customer.botMessage(1);
      customer.say('talk to a person');
      await api.waitFor(() =>
        s.logs.some((l) => l['msg'] === 'slack desk update failed' && l['code'] === 'SWB_ERR_SLACK_API'),
      );
      customer.say('hello, anyone?');
      const card = await waitForCard(api, DESK_CHANNELS.general, 'failed card escalation');
      await noteIn(card, /^\*Customer:\* hello, anyone\?$/);
    } finally {
      await customer.close();
    }
  });

  test('nobody claims it in time: the card shows it expired', async () => {
    const { customer, card } = await escalatedCustomer('is anybody there at all');
    try {
      const expired = await lastUpdate(card, 1);
      expect(expired).toContain('Expired');
      await noteIn(card, /Nobody claimed this conversation in time/);
    } finally {
      await customer.close();
    }
  });
});
