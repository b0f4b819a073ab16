import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router as createRouter, type Router } from 'express';

/** Where the widget and the demo page live. */
export const WEBCHAT_PUBLIC_DIR = join(__dirname, 'public');

/** Browsers may cache the widget briefly; a deploy shows up within five minutes. */
const WIDGET_MAX_AGE_SECONDS = 300;

/**
 * Serves the embeddable widget (`/webchat.js`, `/webchat.css`) and the demo page (`/`). Files are
 * read once at start-up: no filesystem access per request.
 */
export function webChatStaticRoutes(): Router {
  const router = createRouter();
  const files: Array<[string, string, string]> = [
    ['/webchat.js', 'webchat.js', 'application/javascript; charset=utf-8'],
    ['/webchat.css', 'webchat.css', 'text/css; charset=utf-8'],
    ['/', 'index.html', 'text/html; charset=utf-8'],
  ];
  for (const [route, file, type] of files) {
    const body = readFileSync(join(WEBCHAT_PUBLIC_DIR, file));
    router.get(route, (_req, res) => {
      res.setHeader('Cache-Control', `public, max-age=${WIDGET_MAX_AGE_SECONDS}`);
      res.type(type).send(body);
    });
  }
  return router;
}
