/**
 * The people side of the console: every route needs a session and the right role or skill,
 * cookies are Secure/HttpOnly/SameSite=Strict, logout revokes the session server-side, failed
 * logins lock out (per account and per IP) and are audited, cross-site requests are refused.
 */
import WebSocket from 'ws';
import { ConsoleSocketClient } from '../handoff/support/handoff-server';
import { createSession, WebChatTestClient } from '../support/webchat-client';
import { AGENT_PASSWORDS, type SecurityServer, startSecurityServer } from './security-server';

let t: SecurityServer;
const customers: WebChatTestClient[] = [];
beforeAll(async () => {
  t = await startSecurityServer({
    config: {
      security: {
        rateLimits: {
          exemptIps: [],
          consoleLoginPerIp: { points: 100, durationMs: 60_000 },
          consoleFailuresPerIp: { points: 8, durationMs: 60_000 },
        },
      },
    },
  });
});
afterAll(async () => {
  await Promise.all(customers.map((c) => c.close()));
  await t.close();
});

interface Agent {
  cookie: string;
  setCookie: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Logs an agent in and returns an API caller with the session cookie. */
async function login(username: string, password = AGENT_PASSWORDS[username] as string): Promise<Agent> {
  const res = await fetch(`${t.baseUrl}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return {
    cookie,
    setCookie,
    call: async (method, path, body, headers = {}) => {
      const r = await fetch(`${t.baseUrl}/console/api${path}`, {
        method,
        headers: { cookie, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      const text = await r.text();
      return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}

/** A web chat customer waiting in the default (`general`) queue; resolves with the handoff id. */
async function waitingHandoff(viewer: Agent): Promise<string> {
  const session = await createSession(t.baseUrl);
  const client = await WebChatTestClient.connect(`ws://127.0.0.1:${t.port}/webchat/socket`, session.token);
  customers.push(client);
  client.say('talk to a person');
  await client.waitFor((c) => c.messages.some((m) => m.text.startsWith('Connecting you to a person')));
  const state = await viewer.call('GET', '/state');
  const queues = state.body['queues'] as Array<{ waiting: Array<{ handoffId: string }> }>;
  return (queues.flatMap((q) => q.waiting).at(-1) as { handoffId: string }).handoffId;
}

describe('every console route needs a session', () => {
  const routes: Array<[string, string]> = [
    ['GET', '/state'],
    ['GET', '/supervisor'],
    ['GET', '/handoffs/h-00000000-0000-0000-0000-000000000000'],
    ['GET', '/handoffs/h-00000000-0000-0000-0000-000000000000/suggestions'],
    ['POST', '/logout'],
    ['POST', '/presence'],
    ['POST', '/pick'],
    ['POST', '/handoffs/h-00000000-0000-0000-0000-000000000000/claim'],
    ['POST', '/handoffs/h-00000000-0000-0000-0000-000000000000/messages'],
    ['POST', '/handoffs/h-00000000-0000-0000-0000-000000000000/transfer'],
    ['POST', '/handoffs/h-00000000-0000-0000-0000-000000000000/resolve'],
  ];
  test.each(routes)('%s %s without a cookie: 401', async (method, path) => {
    const res = await fetch(`${t.baseUrl}/console/api${path}`, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'SWB_ERR_CONSOLE_AUTH' });
  });
});

describe('roles and skills', () => {
  test('the supervisor view: agents 403, supervisors and admins 200', async () => {
    expect((await (await login('alice')).call('GET', '/supervisor')).status).toBe(403);
    expect((await (await login('sam')).call('GET', '/supervisor')).status).toBe(200);
    expect((await (await login('ada')).call('GET', '/supervisor')).status).toBe(200);
  });

  test('an agent without the skill can neither list, view, read the transcript of nor claim it', async () => {
    const alice = await login('alice');
    const carol = await login('carol');
    const id = await waitingHandoff(alice);
    const carolState = await carol.call('GET', '/state');
    const carolQueues = carolState.body['queues'] as Array<{
      skill: string;
      waiting: Array<{ handoffId: string }>;
    }>;
    expect(carolQueues.map((q) => q.skill)).toEqual(['billing']);
    expect(carolQueues.flatMap((q) => q.waiting).map((w) => w.handoffId)).not.toContain(id);
    expect((await carol.call('GET', `/handoffs/${id}`)).status).toBe(403);
    expect((await carol.call('GET', `/handoffs/${id}/suggestions`)).status).toBe(403);
    expect((await carol.call('POST', `/handoffs/${id}/claim`)).status).toBe(403);
    expect((await carol.call('POST', '/pick')).body['handoff']).toBeNull();
    // The console socket does not tell carol about it either.
    const socket = await ConsoleSocketClient.connect(`ws://127.0.0.1:${t.port}`, carol.cookie);
    const id2 = await waitingHandoff(alice);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify(socket.frames)).not.toContain(id2);
    await socket.close();
    // An admin sees and may claim it.
    const ada = await login('ada');
    expect((await ada.call('GET', `/handoffs/${id}`)).status).toBe(200);
    expect((await ada.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
  });

  test('the admin API (customer export) is for admins only, CSRF-checked and audited', async () => {
    const body = { ids: ['webchat:u_security_test'] };
    const anonymous = await fetch(`${t.baseUrl}/console/api/admin/customers/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(anonymous.status).toBe(401);
    expect((await (await login('sam')).call('POST', '/admin/customers/export', body)).status).toBe(403);
    expect((await (await login('alice')).call('POST', '/admin/customers/export', body)).status).toBe(403);
    const ada = await login('ada');
    const crossSite = await ada.call('POST', '/admin/customers/export', body, {
      origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toMatchObject({ code: 'SWB_ERR_CSRF' });
    expect((await ada.call('POST', '/admin/customers/export', body)).status).toBe(200);
    const exports = await t.audit.list({ action: 'export' });
    expect(exports.length).toBe(1);
    expect(exports[0]?.actor).toContain('ada');
  });

  test('claims, transcript views, transfers and resolves are audited with who, what and when', async () => {
    const alice = await login('alice');
    const id = await waitingHandoff(alice);
    expect((await alice.call('GET', `/handoffs/${id}`)).status).toBe(200);
    expect((await alice.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    expect((await alice.call('POST', `/handoffs/${id}/transfer`, { skill: 'billing' })).status).toBe(200);
    const carol = await login('carol');
    expect((await carol.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    expect((await carol.call('POST', `/handoffs/${id}/resolve`, { disposition: 'solved' })).status).toBe(200);
    const records = (await t.audit.list({})).filter((r) => r.target === id);
    expect(records.map((r) => `${r.actor}:${r.action}`)).toEqual([
      'alice:transcript-view',
      'alice:claim',
      'alice:transfer',
      'carol:claim',
      'carol:resolve',
    ]);
    expect(records.every((r) => typeof r.at === 'string' && r.details?.['ip'] !== undefined)).toBe(true);
  });
});

describe('CSRF', () => {
  test('a state-changing call from another site is refused (Origin or Sec-Fetch-Site)', async () => {
    const sam = await login('sam');
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await sam.call('POST', '/presence', { status: 'away' }, headers);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'SWB_ERR_CSRF' });
    }
    const cross = await fetch(`${t.baseUrl}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'sam', password: AGENT_PASSWORDS['sam'] }),
    });
    expect(cross.status).toBe(403);
  });

  test('same-origin and public-origin calls pass', async () => {
    const sam = await login('sam');
    const own = { origin: t.baseUrl, 'sec-fetch-site': 'same-origin' };
    expect((await sam.call('POST', '/presence', { status: 'away' }, own)).status).toBe(200);
    const publicOrigin = { origin: 'https://bot.example.com' };
    expect((await sam.call('POST', '/presence', { status: 'online' }, publicOrigin)).status).toBe(200);
  });

  test('a body of thousands of unknown keys is refused without echoing them all (fuzz finding)', async () => {
    const wide = `{${Array.from({ length: 3000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    const res = await fetch(`${t.baseUrl}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: wide,
    });
    expect(res.status).toBe(400);
    expect((await res.text()).length).toBeLessThan(2000);
  });

  test('a form post (not JSON) is refused', async () => {
    const sam = await login('sam');
    const res = await fetch(`${t.baseUrl}/console/api/presence`, {
      method: 'POST',
      headers: { cookie: sam.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=away',
    });
    expect(res.status).toBe(415);
  });
});

describe('sessions', () => {
  test('the cookie is HttpOnly, SameSite=Strict and Secure when PUBLIC_BASE_URL is https', async () => {
    const sam = await login('sam');
    expect(sam.setCookie).toMatch(/HttpOnly/);
    expect(sam.setCookie).toMatch(/SameSite=Strict/);
    expect(sam.setCookie).toMatch(/; Secure/);
    expect(sam.setCookie).toMatch(/Path=\/console/);
  });

  test('logout revokes the session server-side: a copy of the cookie stops working, socket too', async () => {
    const bob = await login('bob');
    const stolen = bob.cookie;
    expect((await bob.call('GET', '/state')).status).toBe(200);
    expect((await bob.call('POST', '/logout')).status).toBe(204);
    const replay = await fetch(`${t.baseUrl}/console/api/state`, { headers: { cookie: stolen } });
    expect(replay.status).toBe(401);
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${t.port}/console/socket`, {
        headers: { cookie: stolen },
      });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
    const records = await t.audit.list({ actor: 'bob' });
    expect(records.map((r) => r.action)).toEqual(expect.arrayContaining(['login', 'logout']));
  });

  test('failed logins lock the account (429 + Retry-After) and are audited', async () => {
    const attempt = (password: string) =>
      fetch(`${t.baseUrl}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password }),
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401);
    const locked = await attempt(AGENT_PASSWORDS['alice'] as string);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ code: 'SWB_ERR_RATE_LIMITED' });
    const failed = await t.audit.list({ actor: 'alice', action: 'login-failed' });
    expect(failed.map((r) => r.details?.['reason'])).toEqual([
      ...Array(5).fill('credentials'),
      'SWB_ERR_RATE_LIMITED',
    ]);
  });

  test('failed logins across many accounts lock the client IP; unknown names are audited as `unknown`', async () => {
    const attempt = (username: string) =>
      fetch(`${t.baseUrl}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(`nobody${i}`)).status);
    // Alice's 5 failures above count for this IP too (8 allowed): the IP is now locked out.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect((await t.audit.list({ actor: 'unknown' })).length).toBeGreaterThanOrEqual(5);
  });
});
