import { type Browser, chromium } from 'playwright-core';

/** Default Chromium location on Debian/Ubuntu (`apt-get install -y chromium`); `CHROMIUM_PATH` overrides it. */
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, deterministic headless Chromium in containers and CI: no sandbox (containers
 * run as root), no GPU, and none of the background traffic (updates, sync, QUIC) a test never wants.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/**
 * Launches the system Chromium through playwright-core (no downloaded browsers). Gate the suite
 * with `describeWithChromium` so it skips loudly when Chromium is not installed.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}
