import { ACME_TEXT } from '../../../dialogs/acme-messages';
import { startTestServer, type TestServer } from '../../support/test-server';
import { createSession, WebChatTestClient } from '../../support/webchat-client';

describe('web chat over a real WebSocket (embedded default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('welcomes a new conversation, then answers a message', async () => {
    const session = await createSession(server.baseUrl);
    const client = await WebChatTestClient.connect(server.wsUrl, session.token);
    await client.waitFor((c) => c.frames.some((f) => f.type === 'ready'));
    client.sendRaw(JSON.stringify({ type: 'start' }));
    const welcome = await client.botMessage(1);
    expect(welcome.text).toBe(ACME_TEXT.welcome);
    expect(welcome.buttons?.map((b) => b.title)).toContain('Report a lost card');

    const id = client.say('hello');
    const reply = await client.botMessage(2);
    expect(reply.text).toBe(ACME_TEXT.greeting);
    await client.waitFor((c) => c.frames.some((f) => f.type === 'ack' && f.clientMessageId === id));
    expect(client.messages.find((m) => m.from === 'customer')?.clientMessageId).toBe(id);
    await client.close();
  });

  it('refuses a socket whose hello carries a forged token', async () => {
    const session = await createSession(server.baseUrl);
    const [body, signature] = session.token.split('.');
    const forged = `${body}.${(signature ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`;
    const client = await WebChatTestClient.connect(server.wsUrl, forged);
    await client.waitFor((c) => c.closeCode !== undefined);
    expect(client.closeCode).toBe(4401);
    expect(client.frames).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'SWB_ERR_WEBCHAT_TOKEN' }),
    );
  });

  it('refuses a socket that sends a message before hello', async () => {
    const client = await WebChatTestClient.connect(server.wsUrl, undefined);
    client.say('hello');
    await client.waitFor((c) => c.closeCode !== undefined);
    expect(client.closeCode).toBe(4401);
  });

  it('catches a reconnecting client up on what it missed, without duplicates', async () => {
    const session = await createSession(server.baseUrl);
    const first = await WebChatTestClient.connect(server.wsUrl, session.token);
    first.say('hello');
    const greeting = await first.botMessage(1);
    await first.close();

    // While disconnected, the customer writes over HTTP (e.g. another tab) and the bot answers.
    const res = await fetch(`${server.baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', clientMessageId: 'offline-1', text: 'help' }),
    });
    expect(res.status).toBe(200);

    const second = await WebChatTestClient.connect(server.wsUrl, session.token, greeting.seq);
    await second.waitFor((c) => c.messages.some((m) => m.text === ACME_TEXT.help));
    const seqs = second.messages.map((m) => m.seq);
    expect(seqs[0]).toBe(greeting.seq + 1);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await second.close();
  });

  it('answers a redelivered message once, and acks the copy as a duplicate', async () => {
    const session = await createSession(server.baseUrl);
    const client = await WebChatTestClient.connect(server.wsUrl, session.token);
    client.say('hello', 'same-id');
    client.say('hello', 'same-id');
    await client.waitFor((c) => c.frames.filter((f) => f.type === 'ack').length === 2);
    const acks = client.frames.flatMap((f) => (f.type === 'ack' ? [f.duplicate] : []));
    expect(acks).toEqual([false, true]);
    expect(client.messages.filter((m) => m.from === 'bot')).toHaveLength(1);
    await client.close();
  });

  it('runs a customer’s rapid messages in order', async () => {
    const session = await createSession(server.baseUrl);
    const client = await WebChatTestClient.connect(server.wsUrl, session.token);
    for (const text of ['hello', 'help', 'bye']) client.say(text);
    await client.botMessage(3);
    const bot = client.messages.filter((m) => m.from === 'bot').map((m) => m.text);
    expect(bot).toEqual([ACME_TEXT.greeting, ACME_TEXT.help, ACME_TEXT.goodbye]);
    await client.close();
  });
});
