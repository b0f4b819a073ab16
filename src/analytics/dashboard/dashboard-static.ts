import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Router as createRouter, type Router } from 'express';
import { pageHeaders } from '../../security/page-headers';

/** Where the dashboard's page, script and styles live. */
export const DASHBOARD_PUBLIC_DIR = join(__dirname, 'public');

/** Chart.js's UMD build, served from node_modules (no CDN). */
function chartJsPath(): string {
  return join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

interface StaticFile {
  body: Buffer;
  type: string;
}

function loadFiles(): Map<string, StaticFile> {
  const js = 'text/javascript; charset=utf-8';
  return new Map([
    ['', { body: readFileSync(join(DASHBOARD_PUBLIC_DIR, 'index.html')), type: 'text/html; charset=utf-8' }],
    ['dashboard.js', { body: readFileSync(join(DASHBOARD_PUBLIC_DIR, 'dashboard.js')), type: js }],
    [
      'dashboard.css',
      { body: readFileSync(join(DASHBOARD_PUBLIC_DIR, 'dashboard.css')), type: 'text/css; charset=utf-8' },
    ],
    ['chart.umd.min.js', { body: readFileSync(chartJsPath()), type: js }],
  ]);
}

/**
 * Serves the dashboard UI under `/dashboard/` (read once at start-up) with a strict Content
 * Security Policy: scripts, styles and requests to this origin only, no inline code, no framing.
 */
export function dashboardStaticRoutes(): Router {
  const router = createRouter();
  const files = loadFiles();
  router.get('/dashboard', (req, res, next) =>
    req.originalUrl.split('?')[0]?.endsWith('/') ? next() : res.redirect(301, '/dashboard/'),
  );
  // helmet's set (frame, opener, resource policies); the page's own CSP below replaces helmet's.
  router.get(/^\/dashboard\/([a-z.]*)$/, pageHeaders(), (req, res, next) => {
    const file = files.get((req.params as Record<string, string | undefined>)[0] ?? '');
    if (!file) return next();
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-cache');
    res.type(file.type).send(file.body);
  });
  return router;
}
