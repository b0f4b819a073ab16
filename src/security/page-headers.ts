import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Options of {@link pageHeaders}. */
export interface PageHeadersOptions {
  /** Hashes (`'sha256-…'`) of inline `<style>` blocks the page carries; see {@link inlineStyleHashes}. */
  inlineStyleHashes?: readonly string[];
  /** Extra `script-src` and `style-src` sources (e.g. a CDN for a chart library), default none. */
  extraSources?: readonly string[];
  /** `Strict-Transport-Security` (only when the public URL is https). */
  hsts?: boolean;
}

/**
 * Security headers for HTML pages (helmet): a Content Security Policy allowing scripts, styles and
 * connections (HTTP and this host's WebSockets) to this origin only, no inline script, no framing,
 * `nosniff`, `no-referrer`, and HSTS when served over https. Used by the console, the dashboard
 * and the web chat demo page.
 *
 * @example router.get('/console/', pageHeaders(), sendPage);
 */
export function pageHeaders(options: PageHeadersOptions = {}): RequestHandler {
  const extra = options.extraSources ?? [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'", ...extra],
        styleSrc: ["'self'", ...(options.inlineStyleHashes ?? []), ...extra],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: [
          "'self'",
          (req) => socketSource(req as IncomingMessage, 'ws'),
          (req) => socketSource(req as IncomingMessage, 'wss'),
        ],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hsts ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** This host's WebSocket origin (`ws://host`), which `'self'` does not cover in every browser. */
function socketSource(req: IncomingMessage, scheme: 'ws' | 'wss'): string {
  const host = (req.headers.host ?? 'localhost').replace(/[^A-Za-z0-9.:[\]-]/g, '');
  return `${scheme}://${host || 'localhost'}`;
}

/** The CSP hashes of a page's inline `<style>` blocks, so the page needs no `'unsafe-inline'`. */
export function inlineStyleHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
    const digest = createHash('sha256')
      .update(match[1] ?? '')
      .digest('base64');
    hashes.push(`'sha256-${digest}'`);
  }
  return hashes;
}
