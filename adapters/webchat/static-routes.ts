import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router as createRouter, type RequestHandler, type Router } from 'express';
import { inlineStyleHashes, pageHeaders } from '../../src/security/page-headers';

/** Where the widget and the demo page live. */
export const WEBCHAT_PUBLIC_DIR = join(__dirname, 'public');

/** Browsers may cache the widget briefly; a deploy shows up within five minutes. */
const WIDGET_MAX_AGE_SECONDS = 300;

/**
 * Serves the embeddable widget (`/webchat.js`, `/webchat.css`) and the demo page (`/`). Files are
 * read once at start-up: no filesystem access per request. Every file gets helmet's headers
 * (`nosniff`, a strict CSP that lets the page load the widget and open its socket on this host).
 */
export function webChatStaticRoutes(options: { hsts?: boolean } = {}): Router {
  const router = createRouter();
  const files: Array<[string, string, string]> = [
    ['/webchat.js', 'webchat.js', 'application/javascript; charset=utf-8'],
    ['/webchat.css', 'webchat.css', 'text/css; charset=utf-8'],
    ['/', 'index.html', 'text/html; charset=utf-8'],
  ];
  for (const [route, file, type] of files) {
    const body = readFileSync(join(WEBCHAT_PUBLIC_DIR, file));
    // The demo page gets the full helmet set (its one inline <style> allowed by hash); the widget's
    // files must stay loadable by the pages that embed it, on any origin.
    const headers =
      route === '/'
        ? pageHeaders({ inlineStyleHashes: inlineStyleHashes(body.toString('utf8')), hsts: options.hsts })
        : widgetFileHeaders;
    router.get(route, headers, (_req, res) => {
      res.setHeader('Cache-Control', `public, max-age=${WIDGET_MAX_AGE_SECONDS}`);
      res.type(type).send(body);
    });
  }
  return router;
}

const widgetFileHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
};
