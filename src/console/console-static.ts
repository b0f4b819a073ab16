import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Router as createRouter, type Router } from 'express';
import { pageHeaders } from '../security/page-headers';

/** Where the console's pages, scripts and styles live. */
export const CONSOLE_PUBLIC_DIR = join(__dirname, 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the console UI under `/console/` (files read once at start-up) with helmet's headers and
 * a strict Content Security Policy (`pageHeaders`): scripts, styles and connections to this origin
 * only, no framing, no inline code. The pages make no external requests.
 */
export function consoleStaticRoutes(options: { hsts?: boolean } = {}): Router {
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
  const headers = pageHeaders({ hsts: options.hsts });
  router.get(/^\/console\/([a-z0-9-]*\.?[a-z]*)$/, headers, (req, res, next) => {
    const name = (req.params as Record<string, string | undefined>)[0] || 'index.html';
    const file = files.get(name);
    if (!file) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type(file.type).send(file.body);
  });
  return router;
}
