/**
 * The dashboard's HTTP API on the demo server: supervisors only (agents get 403, no session 401),
 * coded 400s for absurd ranges, the metrics JSON of seeded events, the alerts list and a
 * customer's profile across linked identities with its redacted history. Login and logout go
 * through the console's machinery: one lockout counter, the audit log, server-side revocation,
 * the same-origin (CSRF) check.
 */
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { DEMO_PASSWORDS } from '../../src/console/demo-agents';
import { type AnalyticsTestServer, dashboardLogin, startAnalyticsServer } from './support/analytics-server';

const DAY = '2026-11-02';

function seeded(): AnalyticsEvent[] {
  const at = `${DAY}T09:00:00.000Z`;
  return [
    {
      type: 'message_in',
      at,
      channelId: 'webchat',
      conversationId: 'w1',
      userId: 'web-user-1',
      intent: 'check_balance',
    },
    {
      type: 'identified',
      at,
      channelId: 'webchat',
      conversationId: 'w1',
      userId: 'web-user-1',
      customerId: 'cust-1001',
      customerName: 'Dana',
    },
    {
      type: 'message_in',
      at,
      channelId: 'sms',
      conversationId: 's1',
      userId: '+12025550101',
      intent: 'talk_to_agent',
    },
    {
      type: 'identified',
      at,
      channelId: 'sms',
      conversationId: 's1',
      userId: '+12025550101',
      customerId: 'cust-1001',
      customerName: 'Dana',
    },
    {
      type: 'escalated',
      at,
      channelId: 'sms',
      conversationId: 's1',
      userId: '+12025550101',
      reason: 'customer-asked',
    },
  ];
}

describe('dashboard API', () => {
  let t: AnalyticsTestServer;
  let cookie: string;

  beforeAll(async () => {
    t = await startAnalyticsServer();
    await t.store.insert(seeded());
    cookie = (await dashboardLogin(t.baseUrl, 'sam')).cookie;
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = async (path: string, withCookie = cookie) => {
    const res = await fetch(`${t.baseUrl}${path}`, { headers: withCookie ? { cookie: withCookie } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  test('without a session: 401 with its code; an agent may not log in; wrong passwords are refused', async () => {
    const anonymous = await get('/api/analytics/metrics?from=2026-11-01&to=2026-11-03', '');
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'SWB_ERR_DASHBOARD_AUTH' } });
    const alice = await dashboardLogin(t.baseUrl, 'alice');
    expect(alice.status).toBe(403);
    expect(alice.cookie).toBe('');
    const wrong = await fetch(`${t.baseUrl}/api/analytics/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sam', password: 'nope' }),
    });
    expect(wrong.status).toBe(401);
  });

  test('the supervisor gets the metrics of the range', async () => {
    expect(cookie).toMatch(/^swb_dashboard=/);
    const { status, body } = await get('/api/analytics/metrics?from=2026-11-01&to=2026-11-03');
    expect(status).toBe(200);
    expect(body['totals']).toMatchObject({
      conversations: 2,
      escalatedConversations: 1,
      containmentRate: 0.5,
    });
    expect((body['daily'] as Array<{ day: string }>).map((r) => r.day)).toEqual([DAY]);
    expect(body['escalationReasons']).toEqual([{ reason: 'customer-asked', count: 1 }]);
    expect((await get('/api/analytics/alerts?from=2026-11-01&to=2026-11-03')).body).toEqual({ alerts: [] });
  });

  test.each([
    ['from=2026-11-05&to=2026-11-01', 'from'],
    ['from=2026-11-01&to=2026-11-01', 'from'],
    ['from=2020-01-01&to=2026-01-01', '366 days'],
    ['from=yesterday&to=2026-11-01', 'from'],
    ['to=2026-11-01', 'from'],
    ['from=2026-11-01&to=2026-11-03&evil=1', 'evil'],
  ])('an absurd range (%s) is a coded 400', async (query, mentions) => {
    const { status, body } = await get(`/api/analytics/metrics?${query}`);
    expect(status).toBe(400);
    expect(body['code']).toBe('SWB_ERR_ANALYTICS_QUERY');
    expect(String(body['message'])).toContain(mentions);
  });

  test("a customer's profile: identities on web chat and SMS, conversations on both", async () => {
    const { status, body } = await get('/api/analytics/customers/cust-1001');
    expect(status).toBe(200);
    const profile = body['profile'] as {
      name: string;
      identities: unknown[];
      conversations: Array<{ conversationId: string; channelId: string; escalated: boolean }>;
    };
    expect(profile.name).toBe('Dana');
    expect(profile.identities).toHaveLength(2);
    expect(profile.conversations.map((c) => [c.channelId, c.escalated]).sort()).toEqual([
      ['sms', true],
      ['webchat', false],
    ]);
    expect((await get('/api/analytics/customers/nobody')).status).toBe(404);
    expect((await get('/api/analytics/customers/%3Cscript%3E')).status).toBe(400);
  });

  test('the page and Chart.js are served from this origin with a strict CSP', async () => {
    const page = await fetch(`${t.baseUrl}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/dashboard/chart.umd.min.js');
    const chart = await fetch(`${t.baseUrl}/dashboard/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect((await chart.text()).length).toBeGreaterThan(100_000);
  });
});

describe("dashboard login, through the console's machinery", () => {
  let t: AnalyticsTestServer;
  const audit = new MemoryAuditLog();

  beforeAll(async () => {
    t = await startAnalyticsServer(undefined, undefined, { audit });
  });

  afterAll(async () => {
    await t?.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const session = async (cookie: string) =>
    (await fetch(`${t.baseUrl}/api/analytics/session`, { headers: { cookie } })).status;

  test('failures on the console and the dashboard add up: 5 lock the account on both', async () => {
    const wrong = { username: 'bob', password: 'not-his-password' };
    for (let i = 0; i < 3; i++) expect((await post('/console/api/login', wrong)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await post('/api/analytics/login', wrong)).status).toBe(401);
    const right = { username: 'bob', password: DEMO_PASSWORDS['bob'] };
    const dashboard = await post('/api/analytics/login', right);
    expect(dashboard).toMatchObject({ status: 429, body: { code: 'SWB_ERR_RATE_LIMITED' } });
    expect((await post('/console/api/login', right)).status).toBe(429);
    const locked = await audit.list({ actor: 'bob', action: 'login-failed' });
    expect(locked.at(-1)?.details).toMatchObject({ reason: 'SWB_ERR_RATE_LIMITED' });
  });

  test('login, failed login, refused role and logout are audited with the client IP', async () => {
    const { cookie } = await dashboardLogin(t.baseUrl, 'sam');
    expect((await post('/api/analytics/login', { username: 'sam', password: 'nope' })).status).toBe(401);
    expect((await dashboardLogin(t.baseUrl, 'alice')).status).toBe(403);
    expect((await post('/api/analytics/logout', {}, { cookie })).status).toBe(204);
    const rows = (await audit.list({})).filter((r) => r.actor === 'sam' || r.actor === 'alice');
    expect(rows.map((r) => [r.actor, r.action, r.details?.['reason']])).toEqual([
      ['sam', 'login', undefined],
      ['sam', 'login-failed', 'credentials'],
      ['alice', 'login-failed', 'role'],
      ['sam', 'logout', undefined],
    ]);
    for (const row of rows) expect(row.details?.['ip']).toMatch(/127\.0\.0\.1/);
  });

  test('a logged-out cookie is refused afterwards, on the dashboard and as a console session', async () => {
    const { cookie } = await dashboardLogin(t.baseUrl, 'sam');
    expect(await session(cookie)).toBe(200);
    expect((await post('/api/analytics/logout', {}, { cookie })).status).toBe(204);
    expect(await session(cookie)).toBe(401);
    const token = cookie.slice('swb_dashboard='.length);
    const asConsole = await fetch(`${t.baseUrl}/console/api/state`, {
      headers: { cookie: `swb_console=${token}` },
    });
    expect(asConsole.status).toBe(401);
  });

  test('a cross-site login or logout is refused with SWB_ERR_CSRF', async () => {
    const login = { username: 'sam', password: DEMO_PASSWORDS['sam'] };
    const evil = { origin: 'https://evil.example' };
    expect(await post('/api/analytics/login', login, evil)).toMatchObject({
      status: 403,
      body: { code: 'SWB_ERR_CSRF' },
    });
    const sameSite = { 'sec-fetch-site': 'same-site' };
    expect((await post('/api/analytics/login', login, sameSite)).body['code']).toBe('SWB_ERR_CSRF');
    const { cookie } = await dashboardLogin(t.baseUrl, 'sam');
    const logout = await post('/api/analytics/logout', {}, { ...evil, cookie });
    expect(logout).toMatchObject({ status: 403, body: { code: 'SWB_ERR_CSRF' } });
    expect(await session(cookie)).toBe(200);
  });
});
