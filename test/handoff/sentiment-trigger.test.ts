import {
  DEFAULT_NEGATIVE_IN_A_ROW,
  SENTIMENT_ESCALATION_PREFIX,
} from '../../src/bot/handoff/sentiment-trigger';
import { computePriority } from '../../src/handoff/priority';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';
import type { WebChatTestClient } from '../support/webchat-client';
import {
  type HandoffTestServer,
  type HandoffTestServerOptions,
  loginAgent,
  startHandoffServer,
} from './support/handoff-server';
import { connectWebChatCustomer } from './support/webchat-customer';

/** Scored −0.84 by the analytics scorer: at or below the one-message threshold (−0.8). */
const FURIOUS = 'I am furious, this is useless';
/** Scored −0.61 each: negative, but one alone stays with the bot. */
const NEGATIVE = ['this is terrible', 'you are useless', 'worst bank ever'];

const customer = connectWebChatCustomer;

const QUEUED = /^Connecting you to a person: you are number 1 in line/;

function describeTrigger(name: string, options: () => HandoffTestServerOptions): void {
  describe(`negative sentiment escalates (${name})`, () => {
    let t: HandoffTestServer;
    const clients: WebChatTestClient[] = [];
    beforeEach(async () => {
      t = await startHandoffServer(options());
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await t.close();
    });
    const open = async () => {
      const c = await customer(t);
      clients.push(c.client);
      return c;
    };

    test('one furious message: queued at once, sentiment in the record, priority raised', async () => {
      const dana = await open();
      const reply = await dana.say(FURIOUS);
      expect(reply.text.startsWith(SENTIMENT_ESCALATION_PREFIX)).toBe(true);
      expect(reply.text.slice(SENTIMENT_ESCALATION_PREFIX.length)).toMatch(QUEUED);
      const alice = await loginAgent(t.baseUrl, 'alice');
      const { body } = await alice.call<{ handoff: Record<string, unknown> }>('POST', '/pick');
      expect(body.handoff).toMatchObject({
        reason: 'negative-sentiment',
        skill: 'general',
        context: { sentiment: { label: 'negative', score: expect.any(Number) } },
      });
      const score = (body.handoff['context'] as { sentiment: { score: number } }).sentiment.score;
      expect(score).toBeLessThanOrEqual(-0.8);
      // A calm web chat customer would get 9 800; the upset one is served before them.
      expect(body.handoff['priority']).toBe(
        computePriority({ channelId: 'webchat', sentiment: { label: 'negative', score } }),
      );
      expect(body.handoff['priority']).toBeLessThan(computePriority({ channelId: 'webchat' }));
    });

    test(`${DEFAULT_NEGATIVE_IN_A_ROW} negative messages in a row escalate; a neutral one resets the run`, async () => {
      const dana = await open();
      for (const text of NEGATIVE.slice(0, DEFAULT_NEGATIVE_IN_A_ROW - 1)) {
        expect((await dana.say(text)).text).not.toMatch(/in line/);
      }
      expect((await dana.say('what are your opening hours')).text).not.toMatch(/in line/);
      for (const text of NEGATIVE.slice(0, DEFAULT_NEGATIVE_IN_A_ROW - 1)) {
        expect((await dana.say(text)).text).not.toMatch(/in line/);
      }
      const reply = await dana.say(NEGATIVE[DEFAULT_NEGATIVE_IN_A_ROW - 1] ?? '');
      expect(reply.text.startsWith(SENTIMENT_ESCALATION_PREFIX)).toBe(true);
      expect(reply.text.slice(SENTIMENT_ESCALATION_PREFIX.length)).toMatch(QUEUED);
    });

    test('after "cancel", the next complaint stays with the bot (cool-down)', async () => {
      const dana = await open();
      expect((await dana.say(FURIOUS)).text).toContain('in line');
      expect((await dana.say('cancel')).text).toBe(
        "OK, you have left the queue. I'm the assistant again: how can I help?",
      );
      expect((await dana.say(FURIOUS)).text).not.toMatch(/in line/);
      const bob = await loginAgent(t.baseUrl, 'bob');
      expect((await bob.call('POST', '/pick')).body).toEqual({ handoff: null });
    });
  });
}

describeTrigger('the embedded default', () => ({}));

describeWithRedis('negative sentiment on Redis', (redisUrl) => {
  const context = setupRedis(redisUrl, 'sentiment-trigger');
  describeTrigger('Redis and BullMQ', () => ({ redisUrl: redisUrl(), keyPrefix: context.nextPrefix() }));
});
