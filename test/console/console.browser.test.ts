/**
 * The agent console in a real Chromium against a real server: an agent logs in, picks the next
 * customer, replies, and the customer's web chat widget (another page) shows the reply as the
 * agent's; the customer's answer appears live in the console; a customer question brings suggested
 * answers from the knowledge base (agent assist) that the agent can insert and send; resolve brings
 * the CSAT question. A supervisor sees the queues. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { agentAssistOf } from '../../src/demo/demo-faq';
import { AnswerRetriever } from '../../src/retrieval/answer-retriever';
import { loadKnowledgeBase } from '../../src/retrieval/knowledge-base-loader';
import { type HandoffTestServer, startHandoffServer } from '../handoff/support/handoff-server';
import { launchChromium } from '../support/browser';
import { describeWithChromium } from '../support/services';
import { createSession, WebChatTestClient } from '../support/webchat-client';
import { typeInWidget, waitForWidget } from '../support/widget-page';

const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');
const WAIT_MS = 10_000;
const DESKTOP = { width: 1440, height: 900 };

describeWithChromium('agent console in Chromium', () => {
  let t: HandoffTestServer;
  let browser: Browser;
  let customer: Page;
  let agent: Page;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const retriever = AnswerRetriever.create(await loadKnowledgeBase({ dir: 'models/faq' }));
    t = await startHandoffServer({ assist: agentAssistOf(retriever) });
    browser = await launchChromium();
    customer = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    agent = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  });

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
    await browser?.close();
    await t?.close();
  });

  test('an agent logs in, picks, replies, and the customer sees the reply in the web chat', async () => {
    await customer.goto(t.baseUrl);
    await waitForWidget(customer, (s) => s.length >= 1);
    await typeInWidget(customer, 'talk to a person');
    await waitForWidget(customer, (s) => s.some((m) => m.text.startsWith('Connecting you to a person')));

    await agent.goto(`${t.baseUrl}/console/`);
    await agent.fill('#login-username', 'alice');
    await agent.fill('#login-password', 'alice-demo-password');
    await agent.click('#login-submit');
    await agent.locator('#connection[data-state="live"]').waitFor({ timeout: WAIT_MS });
    await agent.locator('#queue-lists .item').first().waitFor({ timeout: WAIT_MS });
    expect(await agent.locator('#queue-lists .item').first().textContent()).toContain('Customer');

    await agent.click('#pick-next');
    await agent.locator('#chat-body:not([hidden])').waitFor({ timeout: WAIT_MS });
    await waitForText(agent, '#chat-status', 'With you');
    await waitForWidget(customer, (s) => s.some((m) => m.text === 'You are now chatting with Alice Martin.'));

    await agent.fill('#composer-text', 'Hi, I am Alice. How can I help?');
    await agent.press('#composer-text', 'Enter');
    const shown = await waitForWidget(customer, (s) => s.some((m) => m.from === 'agent'));
    expect(shown.find((m) => m.from === 'agent')?.text).toContain('Hi, I am Alice. How can I help?');

    await typeInWidget(customer, 'I was charged twice for one coffee');
    await agent.locator('.line--customer', { hasText: 'charged twice' }).waitFor({ timeout: WAIT_MS });
    expect(await agent.locator('#facts').textContent()).toContain('customer asked');
    // A second customer escalates meanwhile: the queue list updates live.
    const other = await WebChatTestClient.connect(
      `${t.wsUrl}/webchat/socket`,
      (await createSession(t.baseUrl)).token,
    );
    closers.push(() => other.close());
    other.say('talk to a person');
    await agent.locator('#queue-lists .item').first().waitFor({ timeout: WAIT_MS });
    await agent.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console.png') });
    await customer.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console-customer.png') });
  });

  test('agent assist: the customer’s question brings suggested answers; one is inserted and sent', async () => {
    await typeInWidget(customer, 'how long until my new card arrives?');
    await agent.locator('.line--customer', { hasText: 'new card arrives' }).waitFor({ timeout: WAIT_MS });
    const suggestion = agent.locator('#suggestions .suggestion', {
      hasText: 'How long does it take to get a replacement card?',
    });
    await suggestion.waitFor({ timeout: WAIT_MS });
    await suggestion.getByRole('button', { name: 'Insert' }).click();
    expect(await agent.inputValue('#composer-text')).toContain(
      'Replacement cards arrive in 5 to 7 business days.',
    );
    await agent.press('#composer-text', 'Enter');
    const shown = await waitForWidget(customer, (s) =>
      s.some((m) => m.from === 'agent' && m.text.includes('Replacement cards arrive')),
    );
    expect(shown.filter((m) => m.from === 'agent').at(-1)?.text).toContain('5 to 7 business days');
    await agent.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console-assist.png') });
  });

  test('a supervisor sees queues, agents online and conversations per agent', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await page.goto(`${t.baseUrl}/console/#/supervisor`);
    await page.fill('#login-username', 'sam');
    await page.fill('#login-password', 'sam-demo-password');
    await page.click('#login-submit');
    await page.locator('#sup-agents tr').first().waitFor({ timeout: WAIT_MS });
    const agents = await page.locator('#sup-agents').textContent();
    expect(agents).toContain('Alice Martin');
    expect(await page.locator('#sup-queues').textContent()).toContain('billing');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console-supervisor.png') });
  });

  test('resolving brings the CSAT question to the customer', async () => {
    await agent.selectOption('#disposition', 'refund-issued');
    await agent.click('#resolve');
    await agent.locator('#chat-empty:not([hidden])').waitFor({ timeout: WAIT_MS });
    // Buttons are checked on the socket (webchat-handoff.test.ts): the widget shows them only on the
    // latest message.
    await waitForWidget(customer, (s) => s.some((m) => m.text.includes('How would you rate')));
    await customer.screenshot({ path: join(ARTIFACTS_DIR, 'agent-console-csat.png') });
  });
});

async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, expected]) => document.querySelector(sel as string)?.textContent === expected,
    [selector, text],
    { timeout: WAIT_MS },
  );
}
