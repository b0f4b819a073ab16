import type { Middleware } from 'botbuilder-core';
import { DEFAULT_NON_TEXT_NOTICE } from '../../../adapters/slack/slack-options';
import { ACME_TEXT } from '../../../dialogs/acme-messages';
import { type SlackTestServer, startSlackServer } from './slack-harness';
import {
  BOT_USER,
  channelEvent,
  dmEvent,
  eventCallback,
  mentionEvent,
  nextTs,
  TEAM,
  uniqueId,
} from './slack-payloads';

/** Direct messages, mentions and threads: who the bot answers, where, and only once. */
describe('Slack conversations', () => {
  let s: SlackTestServer;
  const seen: Array<{ conversationId?: string; text?: string; from?: string }> = [];
  const recorder: Middleware = {
    onTurn: async (context, next) => {
      const { conversation, text, from } = context.activity;
      seen.push({ conversationId: conversation?.id, text, from: from?.id });
      await next();
    },
  };

  beforeAll(async () => {
    s = await startSlackServer({ inner: [recorder] });
  });
  afterAll(() => s.close());
  beforeEach(() => {
    seen.length = 0;
  });

  const posts = (channel: string) => s.api.succeeded('chat.postMessage', channel);
  const send = async (
    event: Record<string, unknown>,
    options: { eventId?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await s.post(eventCallback(event, options), { headers: options.headers });
    expect(res.status).toBe(200);
  };

  it('answers a direct message in the DM (no thread): the DM is one conversation', async () => {
    const channel = uniqueId('D');
    await send(dmEvent(channel, 'hi'));
    await s.api.waitFor(() => posts(channel).length === 1);
    expect(posts(channel)[0]?.params['thread_ts']).toBeUndefined();
    expect(seen[0]).toEqual({ conversationId: `${TEAM}:${channel}`, text: 'hi', from: 'U0CUSTOMER' });
  });

  it('answers an app_mention in a channel inside the thread it starts, with the mention stripped', async () => {
    const channel = uniqueId('C');
    const mention = mentionEvent(channel, 'help');
    await send(mention);
    await s.api.waitFor(() => posts(channel).length === 1);
    expect(posts(channel)[0]?.params['thread_ts']).toBe(mention['ts']);
    expect(posts(channel)[0]?.params['text']).toBe(ACME_TEXT.help);
    expect(seen[0]?.text).toBe('help');
    expect(seen[0]?.conversationId).toBe(`${TEAM}:${channel}:${mention['ts']}`);
  });

  it('welcomes a bare mention in a new thread', async () => {
    const channel = uniqueId('C');
    const mention: Record<string, unknown> = { ...mentionEvent(channel, ''), text: `<@${BOT_USER}>` };
    await send(mention);
    await s.api.waitFor(() => posts(channel).length === 1);
    expect(posts(channel)[0]?.params['text']).toBe(ACME_TEXT.welcome);
    expect(posts(channel)[0]?.params['thread_ts']).toBe(mention['ts']);
  });

  it('continues a thread the bot takes part in without a new mention, answering in the thread', async () => {
    const channel = uniqueId('C');
    const mention = mentionEvent(channel, 'hi');
    await send(mention);
    await s.api.waitFor(() => posts(channel).length === 1);
    await send(channelEvent(channel, 'bye', { thread_ts: mention['ts'] }));
    await s.api.waitFor(() => posts(channel).length === 2);
    expect(posts(channel)[1]?.params).toMatchObject({ text: ACME_TEXT.goodbye, thread_ts: mention['ts'] });
  });

  it('answers a reply in a DM thread inside that thread, as its own conversation', async () => {
    const channel = uniqueId('D');
    const parent = nextTs();
    await send(dmEvent(channel, 'hi', { thread_ts: parent }));
    await s.api.waitFor(() => posts(channel).length === 1);
    expect(posts(channel)[0]?.params['thread_ts']).toBe(parent);
    expect(seen[0]?.conversationId).toBe(`${TEAM}:${channel}:${parent}`);
  });

  it('keeps separate dialog state for two threads of the same customer', async () => {
    const channel = uniqueId('C');
    const first = mentionEvent(channel, 'help');
    const second = mentionEvent(channel, 'hi');
    await send(first);
    await send(second);
    await s.api.waitFor(() => posts(channel).length === 2);
    // "3" picks the third menu choice only where the menu was offered.
    await send(channelEvent(channel, '3', { thread_ts: first['ts'] }));
    await send(channelEvent(channel, '3', { thread_ts: second['ts'] }));
    await s.api.waitFor(() => posts(channel).length === 4);
    const reply = (ts: unknown) =>
      posts(channel)
        .filter((p) => p.params['thread_ts'] === ts)
        .at(-1)?.params['text'];
    expect(reply(first['ts'])).toBe(ACME_TEXT.help);
    expect(reply(second['ts'])).toBe(ACME_TEXT.fallback);
  });

  it.each([
    ['a top-level channel message without a mention', (c: string) => channelEvent(c, 'hi')],
    [
      'a reply in a thread the bot is not part of',
      (c: string) => channelEvent(c, 'hi', { thread_ts: nextTs() }),
    ],
    ['a message from another bot (bot_id)', (c: string) => dmEvent(c, 'hi', { bot_id: 'B0OTHER' })],
    [
      'a bot_message',
      (c: string) => dmEvent(c, 'hi', { subtype: 'bot_message', bot_id: 'B0OTHER', user: undefined }),
    ],
    ['our own message', (c: string) => dmEvent(c, 'hi', { user: BOT_USER })],
    ['an edit', (c: string) => dmEvent(c, 'hi', { subtype: 'message_changed', message: { text: 'hello' } })],
    ['a delete', (c: string) => dmEvent(c, '', { subtype: 'message_deleted' })],
    [
      'a channel join',
      (c: string) => channelEvent(c, '<@U0CUSTOMER> has joined', { subtype: 'channel_join' }),
    ],
    ['a mention from a bot', (c: string) => mentionEvent(c, 'hi', { bot_id: 'B0OTHER' })],
  ])('ignores %s (acked, no turn, no reply)', async (_name, build) => {
    const channel = uniqueId(_name.includes('channel') || _name.includes('thread') ? 'C' : 'D');
    await send(build(channel));
    await s.settle();
    expect(seen).toEqual([]);
    expect(posts(channel)).toEqual([]);
  });

  it('answers a message once when Slack retries it (X-Slack-Retry-Num, same event_id)', async () => {
    const channel = uniqueId('D');
    const event = dmEvent(channel, 'hi');
    const eventId = uniqueId('Ev');
    await send(event, { eventId });
    await send(event, {
      eventId,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await send(event, { eventId });
    await s.settle();
    expect(posts(channel)).toHaveLength(1);
  });

  it('answers once when concurrent duplicates arrive', async () => {
    const channel = uniqueId('D');
    const body = dmEvent(channel, 'hi');
    const eventId = uniqueId('Ev');
    await Promise.all([1, 2, 3].map(() => send(body, { eventId })));
    await s.settle();
    expect(posts(channel)).toHaveLength(1);
  });

  it('answers once when a thread reply arrives both as app_mention and as message', async () => {
    const channel = uniqueId('C');
    const mention = mentionEvent(channel, 'hi');
    await send(mention);
    await s.api.waitFor(() => posts(channel).length === 1);
    const reply = mentionEvent(channel, 'bye', { thread_ts: mention['ts'] });
    await send({ ...reply, type: 'message', channel_type: 'channel' });
    await send(reply);
    await s.settle();
    expect(posts(channel)).toHaveLength(2);
  });

  it('tells a customer who sends only a file, once, that it reads text; a caption is read as text', async () => {
    const channel = uniqueId('D');
    const file = { id: 'F1', name: 'receipt.png', mimetype: 'image/png' };
    await send(dmEvent(channel, '', { subtype: 'file_share', files: [file] }));
    await send(dmEvent(channel, '', { subtype: 'file_share', files: [file] }));
    await s.settle();
    expect(posts(channel).map((p) => p.params['text'])).toEqual([DEFAULT_NON_TEXT_NOTICE]);
    expect(seen).toEqual([]);
    await send(dmEvent(channel, 'hi', { subtype: 'file_share', files: [file] }));
    await s.api.waitFor(() => posts(channel).length === 2);
    expect(seen.map((t) => t.text)).toEqual(['hi']);
  });
});

describe('Slack acknowledgement comes before the turn', () => {
  it('answers the HTTP request while a slow turn is still running', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Middleware = { onTurn: async (_context, next) => gate.then(next) };
    const s = await startSlackServer({ inner: [slow] });
    try {
      const channel = uniqueId('D');
      const res = await s.post(eventCallback(dmEvent(channel, 'hi')));
      expect(res.status).toBe(200);
      expect(s.server.tracker.size).toBe(1);
      expect(s.api.succeeded('chat.postMessage', channel)).toEqual([]);
      release();
      await s.api.waitFor(() => s.api.succeeded('chat.postMessage', channel).length === 1);
    } finally {
      release();
      await s.close();
    }
  });
});
