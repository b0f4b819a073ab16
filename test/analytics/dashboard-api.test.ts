/**
 * The dashboard's HTTP API on the demo server: supervisors only (agents get 403, no session 401),
 * coded 400s for absurd ranges, the metrics JSON of seeded events, the alerts list and a
 * customer's profile across linked identities with its redacted history.
 */
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
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
