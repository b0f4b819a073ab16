/**
 * Issue #9, customer profile shown to agents: in a real Chromium, an agent who picks a web chat
 * customer sees the Customer panel list the customer's linked identities and their earlier SMS
 * conversation with its last lines. Screenshot in test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { waitUntil } from '../analytics/support/wait';
import { loginAgent } from '../handoff/support/handoff-server';
import { launchChromium } from '../support/browser';
import { describeWithChromium } from '../support/services';
import {
  identifiedWebCustomer,
  MARIA_PHONE,
  type ProfileTestServer,
  startProfileServer,
} from './support/customer-profile-server';

const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 15_000;

describeWithChromium('Customer panel in the agent console', () => {
  let t: ProfileTestServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    t = await startProfileServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  test('an agent opening the handoff sees the earlier SMS conversation', async () => {
    expect(await t.text(MARIA_PHONE, 'hello')).toEqual(['Hello Maria! How can I help you today?']);
    await identifiedWebCustomer(t.baseUrl);
    // Analytics writes in the background: wait until both identities are stored before opening.
    const bob = await loginAgent(t.baseUrl, 'bob');
    await waitUntil(async () => {
      const state = await bob.call<{ queues: Array<{ waiting: Array<{ handoffId: string }> }> }>(
        'GET',
        '/state',
      );
      const id = state.body.queues.flatMap((q) => q.waiting)[0]?.handoffId;
      const res =
        id &&
        (await bob.call<{ profile: { identities: unknown[] } | null }>('GET', `/handoffs/${id}/customer`));
      return Boolean(res && res.body.profile?.identities.length === 2);
    });
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${t.baseUrl}/console/`);
    await page.fill('#login-username', 'bob');
    await page.fill('#login-password', 'bob-demo-password');
    await page.click('#login-submit');
    await page.locator('#queue-lists .item').first().waitFor({ timeout: WAIT_MS });
    await page.click('#pick-next');
    const earlier = page.locator('#customer-profile .customer-conversation');
    await earlier.first().waitFor({ timeout: WAIT_MS });
    expect(await earlier.count()).toBe(1);
    const text = (await earlier.first().textContent()) ?? '';
    expect(text).toContain('SMS');
    expect(text).toContain('bot only');
    expect(text).toContain('Hello Maria! How can I help you today?');
    const identities = (await page.locator('#customer-profile .customer-identities').textContent()) ?? '';
    expect(identities).toContain('SMS · …0101');
    expect(identities).not.toContain(MARIA_PHONE);
    expect(identities).toContain('Web chat · ');
    expect(await page.locator('#customer-profile .customer-name').textContent()).toBe('Maria');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-customer-panel.png') });
  });
});
