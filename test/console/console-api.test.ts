/**
 * The agent console's HTTP API and socket through the real server: login, sessions, CSRF and
 * validation rules, access by skill and role, atomic claims, the supervisor view, logout.
 */
import WebSocket from 'ws';
import { ConsoleSessionCodec } from '../../src/console/console-session';
import {
  type ConsoleAgent,
  ConsoleSocketClient,
  type HandoffTestServer,
  loginAgent,
  startHandoffServer,
} from '../handoff/support/handoff-server';
import { createSession, WebChatTestClient } from '../support/webchat-client';

let t: HandoffTestServer;
const customers: WebChatTestClient[] = [];

beforeAll(async () => {
  t = await startHandoffServer();
});
afterAll(async () => {
  await Promise.all(customers.map((c) => c.close()));
  await t.close();
});

/** A web chat customer who asked for a person; resolves with the handoff id once queued. */
async function waitingCustomer(agent: ConsoleAgent, text = 'talk to a person'): Promise<string> {
  const session = await createSession(t.baseUrl);
  const client = await WebChatTestClient.connect(`${t.wsUrl}/webchat/socket`, session.token);
  customers.push(client);
  client.say(text);
  await client.waitFor((c) => c.messages.some((m) => m.text.startsWith('Connecting you to a person')));
  const state = await agent.call<{
    queues: Array<{ waiting: Array<{ handoffId: string; customerName: string }> }>;
  }>('GET', '/state');
  const all = state.body.queues.flatMap((q) => q.waiting);
  return (all.at(-1) as { handoffId: string }).handoffId;
}

function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${t.baseUrl}/console/api${path}`, { method: 'POST', headers, body });
}

describe('console login and sessions', () => {
  test('a good login sets a signed, http-only, SameSite=Strict cookie', async () => {
    const res = await post('/login', JSON.stringify({ username: 'alice', password: 'alice-demo-password' }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      agent: { id: 'alice', name: 'Alice Martin', skills: ['general', 'billing'], role: 'agent' },
    });
    expect(res.headers.get('set-cookie')).toMatch(
      /^swb_console=[\w-]+\.[\w-]+; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
  });

  test('a wrong password is a coded 401, and guessing is rate limited', async () => {
    const attempt = () =>
      post('/login', JSON.stringify({ username: 'mallory', password: 'nope' }), {
        'content-type': 'application/json',
      });
    const first = await attempt();
    expect(first.status).toBe(401);
    expect(await first.json()).toMatchObject({ code: 'SWB_ERR_CONSOLE_AUTH' });
    for (let i = 0; i < 4; i++) await attempt();
    const locked = await attempt();
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ code: 'SWB_ERR_RATE_LIMITED' });
  });

  test('without a valid session the API answers 401; a forged cookie is refused', async () => {
    expect((await fetch(`${t.baseUrl}/console/api/state`)).status).toBe(401);
    const forged = new ConsoleSessionCodec({ secrets: ['x'.repeat(40)], ttlMs: 60_000 }).issue('sam').token;
    const res = await fetch(`${t.baseUrl}/console/api/state`, {
      headers: { cookie: `swb_console=${forged}` },
    });
    expect(res.status).toBe(401);
  });

  test('state-changing requests must be JSON (no cross-site forms) and bodies are validated', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    const form = await post('/pick', '', {
      cookie: alice.cookie,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const bad = await alice.call('POST', '/presence', { status: 'asleep' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'SWB_ERR_VALIDATION' } });
    const extra = await alice.call('POST', '/presence', { status: 'away', admin: true });
    expect(extra.status).toBe(400);
    expect((await alice.call('GET', '/handoffs/not-an-id')).status).toBe(400);
  });
});

describe('console queues and conversations', () => {
  test('claiming is atomic: the second agent gets a coded 409', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    const bob = await loginAgent(t.baseUrl, 'bob');
    const id = await waitingCustomer(alice);
    const [a, b] = await Promise.all([
      alice.call('POST', `/handoffs/${id}/claim`),
      bob.call('POST', `/handoffs/${id}/claim`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a.body, b.body].find((x) => 'code' in x)).toMatchObject({ code: 'SWB_ERR_HANDOFF_CONFLICT' });
  });

  test('agents see only their skills; only the holder may reply, transfer or resolve', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    const bob = await loginAgent(t.baseUrl, 'bob');
    const id = await waitingCustomer(alice);
    await alice.call('POST', `/handoffs/${id}/claim`);
    expect((await bob.call('GET', `/handoffs/${id}`)).status).toBe(403);
    expect((await bob.call('POST', `/handoffs/${id}/messages`, { text: 'hi' })).body).toMatchObject({
      code: 'SWB_ERR_HANDOFF_CONFLICT',
    });
    const moved = await alice.call('POST', `/handoffs/${id}/transfer`, { skill: 'cards' });
    expect(moved.body).toMatchObject({ handoff: { status: 'pending', skill: 'cards' } });
    const view = await bob.call<{ handoff: { skill: string }; transcript: unknown[] }>(
      'GET',
      `/handoffs/${id}`,
    );
    expect(view.status).toBe(200);
    expect(view.body.transcript.length).toBeGreaterThan(0);
    expect((await alice.call('GET', `/handoffs/${id}`)).status).toBe(403);
    expect((await alice.call('POST', `/handoffs/${id}/transfer`, { skill: 'mortgages' })).body).toMatchObject(
      { code: 'SWB_ERR_VALIDATION' },
    );
    expect(
      (await alice.call('POST', `/handoffs/${id}/resolve`, { disposition: 'solved' })).body,
    ).toMatchObject({ code: 'SWB_ERR_HANDOFF_CONFLICT' });
  });

  test('suggestions say when agent assist is not configured', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    const id = await waitingCustomer(alice);
    const res = await alice.call('GET', `/handoffs/${id}/suggestions`);
    expect(res.body).toEqual({ available: false, question: 'talk to a person', suggestions: [] });
  });

  test('the supervisor view is for supervisors: depths, longest wait, agents, conversations per agent', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    const sam = await loginAgent(t.baseUrl, 'sam');
    await alice.call('POST', `/handoffs/${await waitingCustomer(alice)}/claim`);
    await waitingCustomer(alice);
    expect((await alice.call('GET', '/supervisor')).body).toMatchObject({
      code: 'SWB_ERR_CONSOLE_FORBIDDEN',
    });
    const snapshot = await sam.call<{
      queues: Array<{ skill: string; depth: number; longestWaitMs: number }>;
      agents: Array<{ id: string; status: string; conversations: number }>;
    }>('GET', '/supervisor');
    expect(snapshot.status).toBe(200);
    const general = snapshot.body.queues.find((q) => q.skill === 'general');
    expect(general?.depth).toBeGreaterThan(0);
    expect(general?.longestWaitMs).toBeGreaterThan(0);
    expect(snapshot.body.agents.map((a) => a.id)).toEqual(['alice', 'bob', 'sam']);
    expect(snapshot.body.agents.find((a) => a.id === 'alice')).toMatchObject({ status: 'online' });
    expect(snapshot.body.agents.find((a) => a.id === 'alice')?.conversations).toBeGreaterThanOrEqual(1);
  });

  test('logout clears the cookie and gives the agent’s conversations back to the front of the queue', async () => {
    const bob = await loginAgent(t.baseUrl, 'bob');
    const id = await waitingCustomer(bob);
    await bob.call('POST', `/handoffs/${id}/claim`);
    const res = await post('/logout', '{}', { cookie: bob.cookie, 'content-type': 'application/json' });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^swb_console=; .*Max-Age=0/);
    const sam = await loginAgent(t.baseUrl, 'sam');
    expect((await sam.call('GET', `/handoffs/${id}`)).body).toMatchObject({
      handoff: { status: 'pending', priority: 1 },
    });
  });
});

describe('console socket', () => {
  const refused = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(`${t.wsUrl}/console/socket`, { headers });
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });

  test('needs a session cookie and, from browsers, this origin', async () => {
    const alice = await loginAgent(t.baseUrl, 'alice');
    expect(await refused({})).toBe(401);
    expect(await refused({ cookie: alice.cookie, origin: 'https://evil.example' })).toBe(401);
    const ok = await ConsoleSocketClient.connect(t.wsUrl, alice.cookie);
    ok.send({ type: 'shout' });
    expect(await ok.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SWB_ERR_VALIDATION' });
    ok.send({ type: 'ping' });
    await ok.waitFor((f) => f.type === 'pong');
    await ok.close();
  });

  test('the console UI is served with a strict content security policy', async () => {
    const res = await fetch(`${t.baseUrl}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${t.baseUrl}/console/console.js`)).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    expect((await fetch(`${t.baseUrl}/console/nope.js`)).status).toBe(404);
  });
});
