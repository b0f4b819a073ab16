/**
 * The analytics dashboard in a real headless Chromium: the demo supervisor signs in, the page
 * draws its charts with Chart.js (served locally) from seeded events, the charts hold the seeded
 * figures, the alerts list shows the alert log, and a screenshot goes to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SentimentAlert } from '../../src/analytics/alerts/alert';
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import { DEMO_PASSWORDS } from '../../src/console/demo-agents';
import { launchChromium } from '../support/browser';
import { describeWithChromium } from '../support/services';
import { type AnalyticsTestServer, startAnalyticsServer } from './support/analytics-server';

const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 15_000;
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];
/** Conversations per day, and how many of them escalated. */
const PER_DAY = [
  { conversations: 6, escalated: 1, csat: 5 },
  { conversations: 4, escalated: 2, csat: 3 },
  { conversations: 8, escalated: 0, csat: null },
];

function seeded(): AnalyticsEvent[] {
  return DAYS.flatMap((day, d) => {
    const figures = PER_DAY[d] as (typeof PER_DAY)[number];
    const at = `${day}T10:00:00.000Z`;
    return Array.from({ length: figures.conversations }, (_, i): AnalyticsEvent[] => {
      const conversationId = `${day}-${i}`;
      const channelId = i % 2 === 0 ? 'webchat' : 'sms';
      const intent = i % 3 === 0 ? 'check_balance' : 'report_lost_card';
      const events: AnalyticsEvent[] = [
        { type: 'message_in', at, channelId, conversationId, intent, outOfScope: false },
      ];
      if (i < figures.escalated) {
        events.push({
          type: 'escalated',
          at,
          channelId,
          conversationId,
          intent,
          reason: i === 0 ? 'customer-asked' : 'form-failed',
        });
        events.push({ type: 'picked', at, channelId, conversationId, durationMs: 45_000 });
        if (figures.csat !== null)
          events.push({ type: 'csat', at, channelId, conversationId, csat: figures.csat });
      }
      return events;
    }).flat();
  });
}

const ALERT: SentimentAlert = {
  id: 'a1',
  raisedAt: '2026-11-03T14:30:00.000Z',
  intent: 'report_lost_card',
  channelId: 'sms',
  negativeShare: 0.6,
  baselineShare: 0.1,
  messages: 40,
  windowMs: 900_000,
  summary: 'Negative sentiment surge on sms / report_lost_card: 60% of 40 messages (usually 10%).',
};

describeWithChromium('analytics dashboard in Chromium', () => {
  let t: AnalyticsTestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    t = await startAnalyticsServer(undefined, { list: async () => [ALERT] });
    await t.store.insert(seeded());
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1100 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the supervisor signs in and sees the charts of the seeded figures', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // The page asks for its session first: a 401 before signing in is expected.
      if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
    });
    await page.goto(`${t.baseUrl}/dashboard/?from=2026-11-01&to=2026-11-05`);
    await page.locator('#login-form').waitFor({ timeout: WAIT_MS });
    await page.fill('#login-username', 'sam');
    await page.fill('#login-password', DEMO_PASSWORDS['sam'] as string);
    await page.click('#login-submit');
    await page.locator('#dashboard[data-state="ready"]').waitFor({ timeout: WAIT_MS });

    expect(await page.locator('canvas').count()).toBe(6);
    const charts = await page.evaluate(() => {
      const chart = (id: string) => {
        const c = (
          window as unknown as {
            Chart: {
              getChart(
                el: Element,
              ): { data: { labels: unknown[]; datasets: Array<{ data: unknown[] }> } } | undefined;
            };
          }
        ).Chart.getChart(document.getElementById(id) as Element);
        return c ? { labels: c.data.labels, data: c.data.datasets.map((d) => d.data) } : null;
      };
      return {
        conversations: chart('chart-conversations'),
        reasons: chart('chart-reasons'),
        csat: chart('chart-csat'),
        intents: chart('chart-intents'),
        json: (window as unknown as { dashboardData: { totals: { conversations: number } } }).dashboardData
          .totals,
      };
    });
    expect(charts.conversations).toEqual({
      labels: DAYS,
      data: [PER_DAY.map((d) => d.conversations), PER_DAY.map((d) => d.escalated)],
    });
    expect(charts.reasons).toEqual({ labels: ['customer-asked', 'form-failed'], data: [[2, 1]] });
    expect(charts.csat?.data).toEqual([[5, 3, null]]);
    expect(charts.intents?.labels).toEqual(['check_balance', 'report_lost_card']);
    expect(charts.json.conversations).toBe(18);
    // Each chart drew pixels.
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('canvas')).every((c) => c.width > 0 && c.height > 0),
    );
    expect(drawn).toBe(true);
    expect(await page.locator('[data-kpi="Conversations"] b').textContent()).toBe('18');
    expect(await page.locator('#alerts li').first().textContent()).toContain(
      'Negative sentiment surge on sms',
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'analytics-dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  test('an absurd range shows the coded error instead of charts', async () => {
    await page.fill('#range-from', '2026-11-05');
    await page.fill('#range-to', '2026-11-01');
    await page.click('#range-apply');
    await page.locator('#dashboard[data-state="error"]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('#range-error').textContent()).toContain('from');
  });
});
