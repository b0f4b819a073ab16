import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { CsrfError } from '../errors';

/**
 * CSRF defence for a cookie-authenticated JSON API: a state-changing request is refused (403,
 * `SWB_ERR_CSRF`) when the browser says it comes from another site. Browsers send `Origin` on
 * every cross-origin (and every same-origin non-GET) fetch and `Sec-Fetch-Site` on every request;
 * neither can be forged by a page. Requests with neither header are not from a browser, so they
 * carry no ambient cookie to abuse. This complements the SameSite=Strict cookie and the
 * `application/json` requirement (which a cross-site HTML form cannot meet); unlike a
 * double-submit token it needs no state, no extra round trip and no change when pages are cached.
 *
 * @param allowedOrigins origins besides the request's own host (the public base URL's).
 */
export function sameOriginOnly(allowedOrigins: readonly string[] = []): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, _res, next) => {
    const refused = crossSiteOrigin(req, allowed);
    next(refused === undefined ? undefined : new CsrfError(refused));
  };
}

/** The offending origin when the request is cross-site, undefined when it is acceptable. */
export function crossSiteOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const host = req.headers.host;
    const own = host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    return own || allowed.has(origin) ? undefined : origin;
  }
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site' ? `Sec-Fetch-Site: ${site}` : undefined;
}
