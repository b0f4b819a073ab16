/**
 * The small security building blocks other modules use: `requireRole`, the client IP behind
 * proxies, the CSRF origin check, session revocation.
 */
import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { AgentIdentity } from '../../src/handoff/agents';
import { createSilentLogger } from '../../src/logging/logger';
import { clientIp } from '../../src/security/client-ip';
import { crossSiteOrigin } from '../../src/security/csrf';
import { requireRole } from '../../src/security/require-role';
import { SessionRevocations } from '../../src/security/session-revocations';
import { errorHandler } from '../../src/server/http/error-handler';
import { createStateServices } from '../../src/state/state-services';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../support/services';

const agent = (role: AgentIdentity['role']): AgentIdentity => ({
  id: 'x',
  name: 'X',
  skills: ['general'],
  role,
});

describe('requireRole', () => {
  async function statusFor(role: AgentIdentity['role'] | undefined): Promise<number> {
    const app = express();
    app.use((_req, res, next) => {
      if (role) res.locals['agent'] = agent(role);
      next();
    });
    app.get('/admin', requireRole('admin'), (_req, res) => void res.json({ ok: true }));
    app.use(errorHandler(createSilentLogger()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      return (await fetch(`http://127.0.0.1:${port}/admin`)).status;
    } finally {
      server.close();
    }
  }

  test('401 without an agent, 403 with another role, through with the role', async () => {
    expect(await statusFor(undefined)).toBe(401);
    expect(await statusFor('agent')).toBe(403);
    expect(await statusFor('supervisor')).toBe(403);
    expect(await statusFor('admin')).toBe(200);
  });
});

const req = (headers: IncomingMessage['headers'], remoteAddress = '10.0.0.9') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  test('the peer without trusted proxies; the right-most untrusted hop with them', () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.2' };
    expect(clientIp(req(forwarded), 0)).toBe('10.0.0.9');
    expect(clientIp(req(forwarded), 1)).toBe('10.0.0.2');
    expect(clientIp(req(forwarded), 2)).toBe('1.2.3.4');
    // More hops than entries: a client cannot shorten the chain to pick its own address.
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6' }), 2)).toBe('10.0.0.9');
  });
});

describe('crossSiteOrigin', () => {
  const allowed = new Set(['https://bot.example.com']);
  test.each([
    [{ host: 'a:1', origin: 'http://a:1' }, undefined],
    [{ host: 'a:1', origin: 'https://bot.example.com' }, undefined],
    [{ host: 'a:1' }, undefined],
    [{ host: 'a:1', 'sec-fetch-site': 'same-origin' }, undefined],
    [{ host: 'a:1', origin: 'https://evil.example' }, 'https://evil.example'],
    [{ host: 'a:1', origin: 'null' }, 'null'],
    [{ host: 'a:1', 'sec-fetch-site': 'cross-site' }, 'Sec-Fetch-Site: cross-site'],
  ])('%j → %s', (headers, expected) => {
    expect(crossSiteOrigin(req(headers), allowed)).toBe(expected);
  });
});

describe('SessionRevocations (memory)', () => {
  test('a revoked token stays revoked until the session would have expired', async () => {
    let now = 1000;
    const revocations = new SessionRevocations({}, () => now);
    expect(await revocations.isRevoked('t1')).toBe(false);
    await revocations.revoke('t1', 2000);
    expect(await revocations.isRevoked('t1')).toBe(true);
    expect(await revocations.isRevoked('t2')).toBe(false);
    now = 2000;
    expect(await revocations.isRevoked('t1')).toBe(false);
  });
});

describeWithRedis('SessionRevocations (Redis)', (redisUrl) => {
  test('a logout in one process ends the session in another (shared, expiring key)', async () => {
    const prefix = uniquePrefix('revocations');
    const a = createStateServices({ redisUrl: redisUrl(), keyPrefix: prefix });
    const b = createStateServices({ redisUrl: redisUrl(), keyPrefix: prefix });
    try {
      await new SessionRevocations(a).revoke('token-1', Date.now() + 60_000);
      expect(await new SessionRevocations(b).isRevoked('token-1')).toBe(true);
      expect(await new SessionRevocations(b).isRevoked('token-2')).toBe(false);
      const client = a.redis?.client as NonNullable<typeof a.redis>['client'];
      const [key] = await client.keys(`${prefix}revoked:*`);
      expect(key).not.toContain('token-1');
      expect(await client.pttl(key as string)).toBeGreaterThan(50_000);
      await cleanupRedisPrefix(client, prefix);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
