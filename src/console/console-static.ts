import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router as createRouter, type Router } from 'express';

/** Where the console's pages, scripts and styles live. */
export const CONSOLE_PUBLIC_DIR = join(__dirname, 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the console UI under `/console/` (files read once at start-up) with a strict Content
 * Security Policy: scripts, styles and connections to this origin only, no framing, no inline
 * code. The pages make no external requests.
 */
export function consoleStaticRoutes(): Router {
  const router = createRouter();
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(CONSOLE_PUBLIC_DIR)) {
    const type = TYPES[extname(name)];
    if (type) files.set(name, { body: readFileSync(join(CONSOLE_PUBLIC_DIR, name)), type });
  }
  // Routing is not strict, so '/console' also matches '/console/': redirect only the former.
  router.get('/console', (req, res, next) =>
    req.originalUrl.split('?')[0]?.endsWith('/') ? next() : res.redirect(301, '/console/'),
  );
  router.get(/^\/console\/([a-z0-9-]*\.?[a-z]*)$/, (req, res, next) => {
    const name = (req.params as Record<string, string | undefined>)[0] || 'index.html';
    const file = files.get(name);
    if (!file) return next();
    const host = req.headers.host ?? 'localhost';
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://${host} wss://${host}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(file.type).send(file.body);
  });
  return router;
}
