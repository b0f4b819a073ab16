/**
 * Reading and driving the embedded web chat widget in a Playwright page, for the browser tests of
 * the widget and of the agent console (whose customer side is the widget).
 */
import type { Page } from 'playwright-core';

/** One rendered message, as a customer sees it (screen-reader-only labels left out). */
export interface ShownMessage {
  from: string;
  text: string;
  seq: number | undefined;
  /** Sent, not yet acknowledged by the server. */
  pending: boolean;
  buttons: string[];
}

/** Generous for a local round trip, short enough that a hang fails well inside a test's timeout. */
const WAIT_MS = 10_000;
const POLL_MS = 50;

/** Types `text` in the widget's input and presses Enter. */
export async function typeInWidget(page: Page, text: string): Promise<void> {
  const input = page.locator('.swb-input');
  await input.fill(text);
  await input.press('Enter');
}

/** The rendered conversation, read from the widget's shadow DOM. */
export function readWidget(page: Page): Promise<ShownMessage[]> {
  return page.evaluate(() => {
    const root = document.querySelector('switchboard-webchat')?.shadowRoot;
    return Array.from(root?.querySelectorAll<HTMLElement>('.swb-msg') ?? []).map((item) => {
      const bubble = item.querySelector('.swb-bubble');
      const visible = Array.from(bubble?.childNodes ?? []).filter(
        (node) => !(node instanceof Element && node.classList.contains('swb-visually-hidden')),
      );
      return {
        from: item.dataset.from ?? '',
        text: visible.map((node) => node.textContent).join(''),
        seq: item.dataset.seq ? Number(item.dataset.seq) : undefined,
        pending: item.classList.contains('swb-msg--pending'),
        buttons: Array.from(item.querySelectorAll('.swb-action'), (b) => b.textContent ?? ''),
      };
    });
  });
}

/** Reads `what` until `done` holds; fails with the last value after {@link WAIT_MS}. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the rendered conversation satisfies `done`; returns it. */
export function waitForWidget(page: Page, done: (shown: ShownMessage[]) => boolean): Promise<ShownMessage[]> {
  return pollUntil('the expected messages', () => readWidget(page), done);
}
