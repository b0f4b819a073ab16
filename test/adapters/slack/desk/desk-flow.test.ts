/**
 * The Slack agent desk end to end, in one process: a web chat customer escalates, the card appears
 * in the skill's desk channel, agents click signed **Claim** buttons (the race has one winner), the
 * claimer's thread replies reach the customer with their name and the customer's messages appear in
 * the thread, and **Resolve** or `/switchboard resolve` gives the customer back to the bot (CSAT).
 */
import { FakeSlackApi } from '../../../support/fake-slack-api';
import { sleep } from '../../../support/time';
import { createSession, WebChatTestClient } from '../../../support/webchat-client';
import { channelEvent, eventCallback, mentionEvent } from '../slack-payloads';
import {
  cardUpdates,
  DESK_CHANNELS,
  type DeskTestServer,
  deskClick,
  ephemeralsTo,
  FORM,
  handoffIdOf,
  SLACK_USERS,
  slashCommand,
  startDeskServer,
  threadPosts,
  threadReply,
  waitForCard,
} from './desk-harness';

const SILENCE_MS = 400;
const CSAT = /How would you rate the help you got/;

describe('Slack agent desk', () => {
  let api: FakeSlackApi;
  let s: DeskTestServer;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    s = await startDeskServer({ api });
  });
  afterAll(async () => {
    await s?.close();
    await api?.close();
  });

  /** A web chat customer who says `marker` (so their card can be found), then asks for a person. */
  async function escalatedCustomer(marker: string) {
    const session = await createSession(s.baseUrl);
    const customer = await WebChatTestClient.connect(`${s.wsUrl}/webchat/socket`, session.token);
    customer.say(marker);
    await customer.botMessage(1);
    customer.say('talk to a person');
    const card = await waitForCard(api, DESK_CHANNELS.general, marker);
    return { customer, card, handoffId: handoffIdOf(card) };
  }

  const clickAs = (
    user: string,
    card: Parameters<typeof deskClick>[0]['card'],
    action: 'claim' | 'resolve',
  ) => s.post(deskClick({ card, user, action }), { contentType: FORM });

  test('card, refusals, claim race, relay both ways, resolve by button', async () => {
    const { customer, card } = await escalatedCustomer('my transfer to Berlin bounced');
    try {
      // The card: in the general queue's channel, with channel, intent, sentiment, wait, summary and
      // Claim (the stub intents bypass the NLU, so intent and sentiment are unknown here; the card
      // unit tests cover their values).
      expect(card.params['channel']).toBe(DESK_CHANNELS.general);
      const blocks = JSON.stringify(card.params['blocks']);
      for (const field of [
        '*Channel*\\nWeb chat',
        '*Intent*',
        '*Sentiment*',
        '*Wait*\\n0 min, since <!date^',
        'Claim',
      ])
        expect(blocks).toContain(field);
      expect(blocks).toContain('> my transfer to Berlin bounced\\n> talk to a person');
      expect(api.succeeded('chat.postMessage', DESK_CHANNELS.billing)).toEqual([]);

      // Not mapped, or mapped without the skill: told so, nothing changes.
      expect(await clickAs(SLACK_USERS.stranger, card, 'claim')).toBe(200);
      expect(await clickAs(SLACK_USERS.carol, card, 'claim')).toBe(200);
      await api.waitFor(() => ephemeralsTo(api, SLACK_USERS.carol).length === 1);
      expect(ephemeralsTo(api, SLACK_USERS.stranger)).toEqual([
        expect.stringMatching(/not set up as a Switchboard agent/),
      ]);
      expect(ephemeralsTo(api, SLACK_USERS.carol)).toEqual([
        expect.stringMatching(/do not serve the \*general\* queue/),
      ]);
      await sleep(SILENCE_MS);
      expect(cardUpdates(api, card)).toEqual([]);

      // Two agents click at once: one wins, the other is told who has it.
      const statuses = await Promise.all([
        clickAs(SLACK_USERS.alice, card, 'claim'),
        clickAs(SLACK_USERS.sam, card, 'claim'),
      ]);
      expect(statuses).toEqual([200, 200]);
      await customer.waitFor((c) => c.messages.some((m) => /^You are now chatting with/.test(m.text)));
      const greeting = customer.messages.find((m) => /^You are now chatting with/.test(m.text))?.text ?? '';
      const [winner, loser] = greeting.includes('Alice Martin')
        ? [
            { user: SLACK_USERS.alice, name: 'Alice Martin' },
            { user: SLACK_USERS.sam, name: 'Sam Rivera' },
          ]
        : [
            { user: SLACK_USERS.sam, name: 'Sam Rivera' },
            { user: SLACK_USERS.alice, name: 'Alice Martin' },
          ];
      await api.waitFor(() => ephemeralsTo(api, loser.user).length === 1);
      expect(ephemeralsTo(api, loser.user)[0]).toBe(
        `*${winner.name}* has already claimed this conversation.`,
      );
      expect(ephemeralsTo(api, winner.user)).toEqual([]);
      await api.waitFor(() => cardUpdates(api, card).length === 1);
      const claimed = JSON.stringify(cardUpdates(api, card)[0]?.params['blocks']);
      expect(claimed).toContain(`Claimed by ${winner.name}`);
      expect(claimed).toContain('Resolve');
      expect(claimed).not.toContain('"Claim"');
      await api.waitFor(() =>
        threadPosts(api, DESK_CHANNELS.general, card).some((p) =>
          /claimed this conversation/.test(String(p.params['text'])),
        ),
      );

      // The claimer's thread reply reaches the customer, with the agent's name.
      await s.post(threadReply(card, winner.user, 'Hi, I am looking at your transfer now.'));
      await customer.waitFor((c) =>
        c.messages.some((m) => m.from === 'agent' && m.text === 'Hi, I am looking at your transfer now.'),
      );
      const relayed = customer.messages.find((m) => m.text === 'Hi, I am looking at your transfer now.');
      expect(relayed?.name).toBe(winner.name);

      // Anyone else's reply in the thread is not relayed; they are told once.
      await s.post(threadReply(card, loser.user, 'I can take it if you like'));
      await api.waitFor(() => ephemeralsTo(api, loser.user).length === 2);
      expect(ephemeralsTo(api, loser.user)[1]).toMatch(
        new RegExp(`${winner.name}\\* is serving this customer`),
      );

      // The customer's messages appear in the thread (and the bot stays silent).
      customer.say('thanks, it was 250 euros');
      await api.waitFor(() =>
        threadPosts(api, DESK_CHANNELS.general, card).some(
          (p) => p.params['text'] === '*Customer:* thanks, it was 250 euros',
        ),
      );
      await sleep(SILENCE_MS);
      expect(customer.messages.some((m) => m.text === 'I can take it if you like')).toBe(false);

      // Resolve on the card: the bot takes over and asks for a rating.
      await clickAs(winner.user, card, 'resolve');
      await customer.waitFor((c) => c.messages.some((m) => CSAT.test(m.text)));
      await api.waitFor(() => cardUpdates(api, card).length === 2);
      const resolved = JSON.stringify(cardUpdates(api, card)[1]?.params['blocks']);
      expect(resolved).toContain(`Resolved by ${winner.name}`);
      expect(resolved).not.toContain('swb_desk_');
    } finally {
      await customer.close();
    }
  });

  test('/switchboard resolve in the desk channel hands the customer back to the bot', async () => {
    const { customer, card } = await escalatedCustomer('where is my new card');
    try {
      await clickAs(SLACK_USERS.alice, card, 'claim');
      await customer.waitFor((c) =>
        c.messages.some((m) => m.text === 'You are now chatting with Alice Martin.'),
      );

      const command = (text: string, user: string = SLACK_USERS.alice) =>
        s.post(slashCommand({ channel: DESK_CHANNELS.general, user, text }), { contentType: FORM });
      expect(await command('resolve', SLACK_USERS.sam)).toBe(200);
      await api.waitFor(() => ephemeralsTo(api, SLACK_USERS.sam).some((t) => /hold no conversation/.test(t)));
      expect(await command('dance')).toBe(200);
      await api.waitFor(() => ephemeralsTo(api, SLACK_USERS.alice).some((t) => /^Usage:/.test(t)));

      expect(await command('resolve card-sent')).toBe(200);
      await customer.waitFor((c) => c.messages.some((m) => CSAT.test(m.text)));
      await api.waitFor(() =>
        ephemeralsTo(api, SLACK_USERS.alice).some((t) => /^Resolved \(card-sent\)/.test(t)),
      );
      await api.waitFor(() =>
        threadPosts(api, DESK_CHANNELS.general, card).some((p) =>
          /Resolved by Alice Martin \(card-sent\)/.test(String(p.params['text'])),
        ),
      );
    } finally {
      await customer.close();
    }
  });

  test('desk traffic never reaches the customer bot', async () => {
    const { customer, card } = await escalatedCustomer('desk isolation check');
    try {
      const before = s.slackTurns.length;
      const postsBefore = api.calls.length;
      const channel = DESK_CHANNELS.general;
      await s.post(threadReply(card, SLACK_USERS.sam, 'talk to a person'));
      await s.post(threadReply({ ...card, response: { ts: '1700000000.000001' } }, SLACK_USERS.sam, 'help'));
      await s.post(eventCallback(channelEvent(channel, 'hello team', { user: SLACK_USERS.sam })));
      await s.post(eventCallback(mentionEvent(channel, 'check my balance', { user: SLACK_USERS.sam })));
      await clickAs(SLACK_USERS.stranger, card, 'claim');
      await s.post(slashCommand({ channel, user: SLACK_USERS.sam, text: 'help' }), { contentType: FORM });
      await api.waitFor(() =>
        ephemeralsTo(api, SLACK_USERS.sam).some((t) => /Claim this conversation first/.test(t)),
      );
      await sleep(SILENCE_MS);
      expect(s.slackTurns.slice(before)).toEqual([]);
      // Nothing was posted for those payloads but the desk's ephemeral answers.
      const posted = api.calls.slice(postsBefore).filter((c) => c.method === 'chat.postMessage');
      expect(posted).toEqual([]);
    } finally {
      await customer.close();
    }
  });

  test.each([
    ['a forged signature', { secret: 'not-the-signing-secret' }],
    ['a stale timestamp', { timestampS: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['no signature', { unsigned: true }],
  ])('refuses desk clicks and slash commands with %s (401), and nothing changes', async (_name, signing) => {
    const { customer, card } = await escalatedCustomer(`unsigned check ${_name}`);
    try {
      const ephemerals = api.succeeded('chat.postEphemeral').length;
      const click = await s.post(deskClick({ card, user: SLACK_USERS.alice, action: 'claim' }), {
        contentType: FORM,
        ...signing,
      });
      const command = await s.post(
        slashCommand({ channel: DESK_CHANNELS.general, user: SLACK_USERS.alice, text: 'resolve' }),
        { contentType: FORM, ...signing },
      );
      expect([click, command]).toEqual([401, 401]);
      await sleep(SILENCE_MS);
      expect(cardUpdates(api, card)).toEqual([]);
      expect(api.succeeded('chat.postEphemeral')).toHaveLength(ephemerals);
      expect(customer.messages.some((m) => /^You are now chatting with/.test(m.text))).toBe(false);
    } finally {
      await customer.close();
    }
  });
});
