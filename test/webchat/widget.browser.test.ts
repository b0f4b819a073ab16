/**
 * The embeddable web chat widget (adapters/webchat/public) in a real Chromium against a real
 * SwitchboardServer: the demo page, the welcome with its buttons, typing, clicking, reloading
 * (history from catch-up), and messages that survive a dropped socket exactly once.
 * The tests are one customer's visit: they run in order on one page and build on each other.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { createAcmeBot } from '../../dialogs/acme-bot';
import { ACME_MENU, ACME_TEXT } from '../../dialogs/acme-messages';
import { loadConfig } from '../../src/config/load-config';
import { createSilentLogger } from '../../src/logging/logger';
import { SwitchboardServer } from '../../src/server/switchboard-server';
import { createStateServices } from '../../src/state/state-services';
import { launchChromium } from '../support/browser';
import { stubIntentReader } from '../support/intent-stub';
import { describeWithChromium } from '../support/services';
import { pollUntil, readWidget, typeInWidget, waitForWidget } from '../support/widget-page';

const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');
/** Long enough for a stray duplicate frame to have arrived, if the widget were to render one. */
const SETTLE_MS = 400;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Any application code: to the widget, a cut connection is just a lost socket to reconnect. */
const CUT_CLOSE_CODE = 4000;

/** What the server sends when a turn throws (socket-connection.ts `sendError`). */
const TURN_FAILED_FRAME = {
  type: 'error',
  code: 'SWB_ERR_TURN_FAILED',
  message: 'The message could not be handled. Please send it again.',
};

/**
 * The intents these tests type, mapped exactly (the real NLU is tested in test/nlu). Anything else
 * is out of scope: the widget only needs the bot to answer, whatever it says.
 */
const INTENTS = { hello: 'greeting', hi: 'greeting', help: 'help', bye: 'goodbye' };

/** A client frame as the widget sends it. */
interface SentFrame {
  type: string;
  clientMessageId?: string;
}

describeWithChromium('web chat widget in Chromium', () => {
  let server: SwitchboardServer;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Sits between the page and the server from the first reconnect test on. */
  let proxy: SocketProxy;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const config = loadConfig({ env: {}, overrides: { server: { port: 0, shutdownTimeoutMs: 2000 } } });
    server = new SwitchboardServer({
      config,
      logger: createSilentLogger(),
      state: createStateServices({}),
      bot: ({ conversationState, userState }) =>
        createAcmeBot({ conversationState, userState, readIntent: stubIntentReader(INTENTS) }),
    });
    baseUrl = `http://127.0.0.1:${await server.start()}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  test('the demo page opens the widget with the welcome message and its four buttons', async () => {
    await page.goto(baseUrl);
    await page.locator('.swb-panel').waitFor({ state: 'visible' });
    const [welcome] = await waitForWidget(page, (shown) => shown.length >= 1);
    expect(welcome).toMatchObject({ from: 'bot', text: ACME_TEXT.welcome, buttons: [...ACME_MENU] });
    expect(await statusOf(page)).toBe('online');
    expect(await page.locator('.swb-launcher').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.swb-messages').getAttribute('aria-live')).toBe('polite');
  });

  test('clicking a button disables its row, shows the title as the customer and the bot answers', async () => {
    const disabled = await page.evaluate((title) => {
      const root = document.querySelector('switchboard-webchat')?.shadowRoot;
      const buttons = Array.from(root?.querySelectorAll<HTMLButtonElement>('.swb-action') ?? []);
      buttons.find((b) => b.textContent === title)?.click();
      return buttons.map((b) => b.disabled);
    }, ACME_MENU[0]);
    expect(disabled).toEqual([true, true, true, true]);

    const shown = await waitForWidget(page, (s) => s.length >= 3);
    expect(shown[1]).toMatchObject({ from: 'customer', text: ACME_MENU[0], pending: false });
    expect(shown[2]?.from).toBe('bot');
    expect(shown[2]?.text).not.toBe('');
    expect(shown[0]?.buttons).toEqual([]);
  });

  test('Enter sends a typed message and the bot answers; message text is never markup', async () => {
    await typeInWidget(page, 'hello');
    await waitForWidget(page, (s) => s.at(-1)?.text === ACME_TEXT.greeting);
    expect(await page.locator('.swb-input').inputValue()).toBe('');

    const attack = '<img src=x onerror="window.__xss=1"> see https://example.com/help.';
    await typeInWidget(page, attack);
    const shown = await waitForWidget(page, (s) => s.at(-2)?.text === attack && s.at(-1)?.from === 'bot');
    expect(shown.at(-2)).toMatchObject({ from: 'customer', text: attack, pending: false });
    expect(await page.locator('.swb-bubble img').count()).toBe(0);
    expect(await page.evaluate(() => '__xss' in window)).toBe(false);
    expect(await page.locator('.swb-bubble a').getAttribute('href')).toBe('https://example.com/help');

    await typeInWidget(page, 'help');
    const withMenu = await waitForWidget(page, (s) => s.at(-1)?.text === ACME_TEXT.help);
    expect(withMenu.at(-1)?.buttons).toEqual([...ACME_MENU]);
    expect(withMenu.slice(0, -1).every((s) => s.buttons.length === 0)).toBe(true);
  });

  test('a reload re-renders the history from catch-up, without duplicates', async () => {
    const before = await readWidget(page);
    await page.reload();
    const after = await waitForWidget(page, (s) => s.length >= before.length);
    await page.waitForTimeout(SETTLE_MS);
    expect(await readWidget(page)).toEqual(after);
    expect(after.map(({ from, text, seq }) => ({ from, text, seq }))).toEqual(
      before.map(({ from, text, seq }) => ({ from, text, seq })),
    );
    expect(after.map((s) => s.seq)).toEqual(after.map((_, i) => i + 1));
    expect(await serverHistory(page, baseUrl)).toHaveLength(after.length);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-widget.png'), animations: 'disabled' });
  });

  test('a message sent while the socket is down is delivered exactly once after reconnect', async () => {
    proxy = await SocketProxy.install(page);
    await page.reload();
    await waitForStatus(page, 'online');
    const before = (await readWidget(page)).length;

    proxy.refuse = true;
    await proxy.cutAll();
    await waitForStatus(page, 'reconnecting');
    await typeInWidget(page, 'hi');
    expect((await readWidget(page)).at(-1)).toMatchObject({ from: 'customer', text: 'hi', pending: true });

    proxy.refuse = false;
    const shown = await waitForWidget(page, (s) => s.length === before + 2 && !s.at(-2)?.pending);
    expect(shown.slice(before).map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'customer', text: 'hi' },
      { from: 'bot', text: ACME_TEXT.greeting },
    ]);
    await page.waitForTimeout(SETTLE_MS);
    expect(await readWidget(page)).toHaveLength(before + 2);
    const history = await serverHistory(page, baseUrl);
    expect(history.filter((m) => m.from === 'customer' && m.text === 'hi')).toHaveLength(1);
    expect(proxy.sent.filter((f) => f.type === 'message')).toHaveLength(1);
  });

  test('a message whose ack was lost is re-sent on reconnect and the server keeps it once', async () => {
    const before = (await readWidget(page)).length;
    proxy.sent.length = 0;

    proxy.cutAfterNextMessage = true;
    await typeInWidget(page, 'bye');
    const shown = await waitForWidget(page, (s) => s.length === before + 2 && !s.at(-2)?.pending);
    expect(shown.slice(before).map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'customer', text: 'bye' },
      { from: 'bot', text: ACME_TEXT.goodbye },
    ]);
    const attempts = proxy.sent.filter((f) => f.type === 'message');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.clientMessageId).toBe(attempts[0]?.clientMessageId);
    const history = await serverHistory(page, baseUrl);
    expect(history.filter((m) => m.from === 'customer' && m.text === 'bye')).toHaveLength(1);
    await page.waitForTimeout(SETTLE_MS);
    expect(await readWidget(page)).toHaveLength(before + 2);
  });

  test('a message the server fails is marked "Not delivered" and Retry sends it again', async () => {
    const before = (await readWidget(page)).length;
    proxy.failNextMessage = true;
    await typeInWidget(page, 'hello');
    await page.locator('.swb-failed').waitFor();
    expect((await readWidget(page)).at(-1)).toMatchObject({
      from: 'customer',
      text: 'hello',
      pending: true,
    });

    await page.locator('.swb-retry').click();
    const shown = await waitForWidget(page, (s) => s.length === before + 2 && !s.at(-2)?.pending);
    expect(shown.slice(before).map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'customer', text: 'hello' },
      { from: 'bot', text: ACME_TEXT.greeting },
    ]);
    expect(await page.locator('.swb-failed').count()).toBe(0);
  });

  test('on a phone-sized screen the panel fills it and the launcher hides behind it', async () => {
    // The layout follows the viewport width alone: resizing the page is enough (and much cheaper
    // than a second browser context).
    await page.setViewportSize(PHONE);
    await typeInWidget(page, 'help');
    await waitForWidget(page, (s) => s.at(-1)?.text === ACME_TEXT.help);
    // The resize restarts the panel's transitions: measure once they have finished, in whole pixels.
    const panel = page.locator('.swb-panel');
    await panel.evaluate((el) => {
      // Infinite ones (the typing pulse) never finish and do not move the panel.
      const ending = el
        .getAnimations({ subtree: true })
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
      return Promise.all(ending.map((a) => a.finished));
    });
    expect(roundBox(await panel.boundingBox())).toEqual({ x: 0, y: 0, ...PHONE });
    expect(await page.locator('.swb-launcher').isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'webchat-widget-mobile.png'), animations: 'disabled' });
  });
});

function statusOf(page: Page): Promise<string | null> {
  return page.locator('.swb-status').getAttribute('data-state');
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  await pollUntil(
    `status "${status}"`,
    () => statusOf(page),
    (s) => s === status,
  );
}

/** The conversation as the server stores it, read over HTTP with the widget's own token. */
async function serverHistory(page: Page, baseUrl: string): Promise<Array<{ from: string; text: string }>> {
  const token = await page.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? '{}').token as string,
    `swb-webchat:${baseUrl}`,
  );
  const res = await fetch(`${baseUrl}/webchat/messages?after=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: Array<{ from: string; text: string }> }).messages;
}

/**
 * A man in the middle for the page's web chat sockets (Playwright's WebSocket routing): forwards
 * frames to the real server and records what the page sent, and can cut connections, refuse new
 * ones, cut a connection right after a message reaches the server (so its ack is lost), or answer
 * a message with the server's turn-failed error.
 */
class SocketProxy {
  /** Refuse new connections (the socket opens and is closed at once, like a failing server). */
  refuse = false;
  /** Cut the connection right after forwarding the next customer message to the server. */
  cutAfterNextMessage = false;
  /** Answer the next customer message with the server's turn-failed error instead of forwarding it. */
  failNextMessage = false;
  /** Frames the page sent through to the server. */
  readonly sent: SentFrame[] = [];
  private readonly live = new Set<() => Promise<void>>();

  static async install(page: Page): Promise<SocketProxy> {
    const proxy = new SocketProxy();
    await page.routeWebSocket(/\/webchat\/socket$/, (ws) => proxy.accept(ws));
    return proxy;
  }

  /** Closes every open connection, as a network failure would. */
  async cutAll(): Promise<void> {
    await Promise.all([...this.live].map((cut) => cut()));
  }

  private accept(ws: WebSocketRoute): void {
    if (this.refuse) {
      void ws.close({ code: 1013, reason: 'refused by the test' });
      return;
    }
    const server = ws.connectToServer();
    let open = true;
    const cut = async () => {
      if (!open) return;
      open = false;
      this.live.delete(cut);
      await Promise.all([ws.close({ code: CUT_CLOSE_CODE, reason: 'cut by the test' }), server.close()]);
    };
    this.live.add(cut);
    ws.onMessage((message) => {
      if (!open) return;
      const frame = JSON.parse(message.toString()) as SentFrame;
      if (frame.type === 'message' && this.failNextMessage) {
        this.failNextMessage = false;
        ws.send(JSON.stringify(TURN_FAILED_FRAME));
        return;
      }
      this.sent.push(frame);
      server.send(message);
      if (frame.type === 'message' && this.cutAfterNextMessage) {
        this.cutAfterNextMessage = false;
        void cut();
      }
    });
    server.onMessage((message) => {
      if (open) ws.send(message);
    });
    ws.onClose(() => void cut());
    server.onClose(() => void cut());
  }
}

/** A bounding box rounded to whole CSS pixels (sub-pixel layout is not what these tests check). */
function roundBox(box: { x: number; y: number; width: number; height: number } | null) {
  if (!box) return null;
  return {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}
