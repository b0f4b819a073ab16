/**
 * The Slack agent desk across two server processes on one Redis (state, handoff store, BullMQ):
 * the customer escalates on one, every Slack request lands on the other. The card is posted once,
 * the claim and the agent's replies go through the other process and still reach the customer, the
 * customer's messages are posted once in the thread, and `/switchboard resolve` resumes the bot.
 */
import { FakeSlackApi } from '../../../support/fake-slack-api';
import { setupRedis } from '../../../support/redis-test-context';
import { describeWithRedis } from '../../../support/services';
import { sleep } from '../../../support/time';
import { createSession, WebChatTestClient } from '../../../support/webchat-client';
import {
  cardsIn,
  cardUpdates,
  DESK_CHANNELS,
  type DeskTestServer,
  deskClick,
  FORM,
  SLACK_USERS,
  slashCommand,
  startDeskServer,
  threadPosts,
  threadReply,
  waitForCard,
} from './desk-harness';

/** Long enough for a duplicate post from the other process to show up, if there were one. */
const SETTLE_MS = 600;

describeWithRedis('Slack agent desk across processes', (redisUrl) => {
  const context = setupRedis(redisUrl, 'slack-desk-multi');
  let api: FakeSlackApi;
  let a: DeskTestServer;
  let b: DeskTestServer;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    const keyPrefix = context.nextPrefix();
    a = await startDeskServer({ api, redisUrl: redisUrl(), keyPrefix });
    b = await startDeskServer({ api, redisUrl: redisUrl(), keyPrefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await api?.close();
  });

  test('escalation on one process; claim, replies and resolve through the other', async () => {
    const session = await createSession(a.baseUrl);
    const customer = await WebChatTestClient.connect(`${a.wsUrl}/webchat/socket`, session.token);
    const said = (text: string) => customer.messages.some((m) => m.from !== 'customer' && m.text === text);
    try {
      customer.say('my card payment failed twice');
      await customer.botMessage(1);
      customer.say('talk to a person');
      const card = await waitForCard(api, DESK_CHANNELS.general, 'my card payment failed twice');
      await sleep(SETTLE_MS);
      expect(cardsIn(api, DESK_CHANNELS.general)).toHaveLength(1);

      expect(
        await b.post(deskClick({ card, user: SLACK_USERS.alice, action: 'claim' }), { contentType: FORM }),
      ).toBe(200);
      await customer.waitFor(() => said('You are now chatting with Alice Martin.'));
      await api.waitFor(() => cardUpdates(api, card).length === 1);

      await b.post(threadReply(card, SLACK_USERS.alice, 'I see two declined payments, checking why.'));
      await customer.waitFor(() =>
        customer.messages.some(
          (m) =>
            m.from === 'agent' &&
            m.name === 'Alice Martin' &&
            m.text === 'I see two declined payments, checking why.',
        ),
      );

      customer.say('it was at the grocery store');
      const line = '*Customer:* it was at the grocery store';
      await api.waitFor(() =>
        threadPosts(api, DESK_CHANNELS.general, card).some((p) => p.params['text'] === line),
      );
      await sleep(SETTLE_MS);
      expect(
        threadPosts(api, DESK_CHANNELS.general, card).filter((p) => p.params['text'] === line),
      ).toHaveLength(1);

      const resolve = slashCommand({
        channel: DESK_CHANNELS.general,
        user: SLACK_USERS.alice,
        text: 'resolve',
      });
      expect(await b.post(resolve, { contentType: FORM })).toBe(200);
      await customer.waitFor(() =>
        customer.messages.some((m) => /How would you rate the help you got/.test(m.text)),
      );
      await api.waitFor(() => cardUpdates(api, card).length === 2);
      await sleep(SETTLE_MS);
      expect(cardUpdates(api, card)).toHaveLength(2);
      expect([...a.slackTurns, ...b.slackTurns]).toEqual([]);
    } finally {
      await customer.close();
    }
  });
});
