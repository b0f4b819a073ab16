import { ACME_TEXT } from '../../../dialogs/acme-messages';
import { createRedisConnection } from '../../../src/state/redis-connection';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../../support/services';
import { startTestServer, type TestServer } from '../../support/test-server';
import { createSession, WebChatTestClient } from '../../support/webchat-client';

describeWithRedis('web chat across two server processes on one Redis', (redisUrl) => {
  const keyPrefix = uniquePrefix('webchat-redis');
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer({ redisUrl: redisUrl(), keyPrefix });
    b = await startTestServer({ redisUrl: redisUrl(), keyPrefix });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    const redis = createRedisConnection(redisUrl(), { name: 'cleanup' });
    await cleanupRedisPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  it('delivers a reply produced by server A to a socket held by server B', async () => {
    const session = await createSession(a.baseUrl);
    const onB = await WebChatTestClient.connect(b.wsUrl, session.token);
    await onB.waitFor((c) => c.frames.some((f) => f.type === 'ready'));

    const res = await fetch(`${a.baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', clientMessageId: 'via-a', text: 'hello' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Array<{ text: string }> };
    expect(body.messages.map((m) => m.text)).toEqual([ACME_TEXT.greeting]);

    const reply = await onB.botMessage(1);
    expect(reply.text).toBe(ACME_TEXT.greeting);
    await onB.close();
  });

  it('catches up from the shared log when reconnecting to the other server', async () => {
    const session = await createSession(a.baseUrl);
    const onA = await WebChatTestClient.connect(a.wsUrl, session.token);
    onA.say('hello');
    await onA.botMessage(1);
    await onA.close();
    const onB = await WebChatTestClient.connect(b.wsUrl, session.token, 0);
    await onB.waitFor((c) => c.messages.length >= 2);
    expect(onB.messages.map((m) => [m.from, m.text])).toEqual([
      ['customer', 'hello'],
      ['bot', ACME_TEXT.greeting],
    ]);
    await onB.close();
  });

  it('dedupes one message delivered to both servers', async () => {
    const session = await createSession(a.baseUrl);
    const send = (server: TestServer) =>
      fetch(`${server.baseUrl}/webchat/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', clientMessageId: 'twice', text: 'hello' }),
      }).then((r) => r.json() as Promise<{ duplicate: boolean }>);
    const results = await Promise.all([send(a), send(b)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
  });
});
