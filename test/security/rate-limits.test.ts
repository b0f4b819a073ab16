/**
 * Abuse limits: rate-limiter-flexible in memory and on real Redis (shared by processes), and the
 * HTTP answers: 429, `Retry-After`, `SWB_ERR_RATE_LIMITED`, on the web chat (session, HTTP and
 * socket messages, per IP and per conversation) and the webhooks.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimits } from '../../src/security/rate-limits';
import { securitySchema } from '../../src/security/security-config';
import { createStateServices } from '../../src/state/state-services';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../support/services';
import { createSession, WebChatTestClient } from '../support/webchat-client';
import { startSecurityServer } from './security-server';

const tight = (points: number) => ({ points, durationMs: 60_000 });

function limitsWith(overrides: Record<string, unknown>, env = 'development') {
  const security = securitySchema().parse({ rateLimits: overrides });
  return new RateLimits({ security, env, state: {} });
}

describe('RateLimits (memory)', () => {
  test('counts per key and refuses past the limit with the time to wait', async () => {
    const limits = limitsWith({ exemptIps: [], webchatSessionPerIp: tight(2) });
    await limits.consume('webchatSessionPerIp', '10.0.0.1', '10.0.0.1');
    await limits.consume('webchatSessionPerIp', '10.0.0.1', '10.0.0.1');
    const refused = limits.consume('webchatSessionPerIp', '10.0.0.1', '10.0.0.1');
    await expect(refused).rejects.toMatchObject({ code: 'SWB_ERR_RATE_LIMITED', status: 429 });
    await expect(refused.catch((e: { retryAfterMs: number }) => e.retryAfterMs)).resolves.toBeGreaterThan(0);
    await limits.consume('webchatSessionPerIp', '10.0.0.2', '10.0.0.2');
  });

  test('loopback is exempt outside production only; an account key is never exempt', async () => {
    const dev = limitsWith({ webchatSessionPerIp: tight(1), consoleFailuresPerAccount: tight(1) });
    for (let i = 0; i < 5; i++) await dev.consume('webchatSessionPerIp', '127.0.0.1', '127.0.0.1');
    await dev.penalize('consoleFailuresPerAccount', 'alice');
    await expect(dev.check('consoleFailuresPerAccount', 'alice')).rejects.toMatchObject({
      code: 'SWB_ERR_RATE_LIMITED',
    });
    const prod = limitsWith({ webchatSessionPerIp: tight(1) }, 'production');
    await prod.consume('webchatSessionPerIp', '127.0.0.1', '127.0.0.1');
    await expect(prod.consume('webchatSessionPerIp', '127.0.0.1', '127.0.0.1')).rejects.toMatchObject({
      status: 429,
    });
  });

  test('`enabled: false` lifts the IP and conversation limits', async () => {
    const off = limitsWith({ enabled: false, exemptIps: [], webchatMessagePerConversation: tight(1) });
    for (let i = 0; i < 5; i++) await off.consume('webchatMessagePerConversation', 'wc_1', '10.0.0.1');
  });
});

describeWithRedis('RateLimits (Redis)', (redisUrl) => {
  const prefix = uniquePrefix('rate-limits');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl());
  });
  afterAll(async () => {
    await cleanupRedisPrefix(redis, prefix);
    redis.disconnect();
  });

  test('two processes (two state services) count against the same limit, under the key prefix', async () => {
    const security = securitySchema().parse({ rateLimits: { exemptIps: [], webhookPerIp: tight(3) } });
    const a = createStateServices({ redisUrl: redisUrl(), keyPrefix: prefix });
    const b = createStateServices({ redisUrl: redisUrl(), keyPrefix: prefix });
    try {
      const first = new RateLimits({ security, env: 'production', state: a });
      const second = new RateLimits({ security, env: 'production', state: b });
      await first.consume('webhookPerIp', '10.1.1.1', '10.1.1.1');
      await second.consume('webhookPerIp', '10.1.1.1', '10.1.1.1');
      await first.consume('webhookPerIp', '10.1.1.1', '10.1.1.1');
      await expect(second.consume('webhookPerIp', '10.1.1.1', '10.1.1.1')).rejects.toMatchObject({
        code: 'SWB_ERR_RATE_LIMITED',
      });
      const keys = await redis.keys(`${prefix}rl:webhookPerIp*`);
      expect(keys.length).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a web chat server on Redis answers 429 once the shared session limit is used up', async () => {
    const config = { security: { rateLimits: { exemptIps: [], webchatSessionPerIp: tight(2) } } };
    const servers = [
      await startSecurityServer({ config, redisUrl: redisUrl(), keyPrefix: prefix }),
      await startSecurityServer({ config, redisUrl: redisUrl(), keyPrefix: prefix }),
    ];
    try {
      const session = (i: number) =>
        fetch(`${servers[i % 2]?.baseUrl}/webchat/session`, { method: 'POST' }).then((r) => r.status);
      expect([await session(0), await session(1)]).toEqual([201, 201]);
      expect(await session(0)).toBe(429);
      expect(await session(1)).toBe(429);
    } finally {
      for (const server of servers) await server.close();
    }
  });
});

describe('HTTP answers (memory)', () => {
  const config = {
    security: {
      rateLimits: {
        exemptIps: [],
        webchatSessionPerIp: tight(3),
        webchatMessagePerConversation: tight(2),
        webhookPerIp: tight(2),
      },
    },
  };

  test('web chat session, HTTP and socket messages, webhooks: 429, Retry-After, coded body', async () => {
    const t = await startSecurityServer({ config });
    try {
      const { token } = await createSession(t.baseUrl);
      await createSession(t.baseUrl);
      await createSession(t.baseUrl);
      const session = await fetch(`${t.baseUrl}/webchat/session`, { method: 'POST' });
      expect(session.status).toBe(429);
      expect(Number(session.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await session.json()).toMatchObject({ code: 'SWB_ERR_RATE_LIMITED' });

      const message = (text: string) =>
        fetch(`${t.baseUrl}/webchat/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text, clientMessageId: randomUUID() }),
        });
      expect((await message('m1')).status).toBe(200);
      expect((await message('m2')).status).toBe(200);
      const third = await message('m3');
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await third.json()).toMatchObject({ code: 'SWB_ERR_RATE_LIMITED' });

      // The same conversation over the socket is limited too (an error frame, the socket stays open).
      const client = await WebChatTestClient.connect(`ws://127.0.0.1:${t.port}/webchat/socket`, token);
      client.say('hello');
      await client.waitFor((c) =>
        c.frames.some((f) => f.type === 'error' && (f as { code?: string }).code === 'SWB_ERR_RATE_LIMITED'),
      );
      await client.close();

      const webhook = () =>
        fetch(`${t.baseUrl}/twilio/sms`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=b',
        });
      expect((await webhook()).status).toBe(403);
      expect((await webhook()).status).toBe(403);
      const limited = await webhook();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).not.toBeNull();
      const slack = await fetch(`${t.baseUrl}/slack/events`, { method: 'POST', body: '{}' });
      expect(slack.status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
