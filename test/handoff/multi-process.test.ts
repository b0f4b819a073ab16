/**
 * Two server processes on one Redis (state, handoff store, BullMQ): the customer's socket is on
 * one, the agent's console on the other. Escalations show up in the other process's console, the
 * agent's replies reach the customer through the other process, and resolve resumes the bot there.
 */
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';
import { createSession, WebChatTestClient } from '../support/webchat-client';
import {
  ConsoleSocketClient,
  type HandoffTestServer,
  loginAgent,
  startHandoffServer,
} from './support/handoff-server';

describeWithRedis('handoff across processes', (redisUrl) => {
  const context = setupRedis(redisUrl, 'handoff-multi');
  let a: HandoffTestServer;
  let b: HandoffTestServer;

  beforeAll(async () => {
    const keyPrefix = context.nextPrefix();
    a = await startHandoffServer({ redisUrl: redisUrl(), keyPrefix });
    b = await startHandoffServer({ redisUrl: redisUrl(), keyPrefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('customer on one process, agent on the other: escalation, relay both ways, resume', async () => {
    const session = await createSession(a.baseUrl);
    const customer = await WebChatTestClient.connect(`${a.wsUrl}/webchat/socket`, session.token);
    const fromPeople = () => customer.messages.filter((m) => m.from !== 'customer');
    const alice = await loginAgent(b.baseUrl, 'alice');
    const console = await ConsoleSocketClient.connect(b.wsUrl, alice.cookie);
    try {
      customer.say('talk to a person');
      const shown = await console.waitFor(
        (f) => f.type === 'handoff' && f.handoff.conversationId === session.conversationId,
      );
      const handoffId = shown.type === 'handoff' ? shown.handoff.id : '';
      expect((await alice.call('POST', `/handoffs/${handoffId}/claim`)).status).toBe(200);
      await customer.waitFor(() =>
        fromPeople().some((m) => m.text === 'You are now chatting with Alice Martin.'),
      );

      customer.say('are you there?');
      await console.waitFor((f) => f.type === 'message' && f.line.text === 'are you there?');
      console.send({ type: 'reply', id: 'x1', handoffId, text: 'Yes, I am here.' });
      await customer.waitFor(() =>
        fromPeople().some((m) => m.from === 'agent' && m.text === 'Yes, I am here.'),
      );

      await alice.call('POST', `/handoffs/${handoffId}/resolve`, { disposition: 'solved' });
      await customer.waitFor(() =>
        fromPeople().some((m) => m.text.includes('How would you rate the help you got')),
      );
    } finally {
      await console.close();
      await customer.close();
    }
  });
});
