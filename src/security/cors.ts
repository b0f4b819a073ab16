import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { CorsOriginError } from '../errors';

/** Browsers may cache a preflight this long: fewer OPTIONS round trips from embedding pages. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Adds CORS headers for an allowed cross-origin caller: `Access-Control-Allow-Origin` set to the
 * request's `Origin` only when it is in `allowed` (never `*`, never credentials: the web chat
 * authenticates with a bearer token, not cookies). Same-origin and non-browser requests pass
 * untouched; any other origin gets no CORS header, so the browser withholds the answer.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): void {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !allowed.has(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
}

/**
 * Express middleware for the web chat's routes: {@link applyCors} on every answer, and preflights
 * (`OPTIONS`) answered 204 for allowed origins, refused 403 (`SWB_ERR_CORS_ORIGIN`) otherwise.
 * Closed by default: with no allowed origin, no page elsewhere can read the API.
 */
export function webChatCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return (req, res, next) => {
    applyCors(req, res, allowed);
    if (req.method !== 'OPTIONS') return next();
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return next(new CorsOriginError(String(origin)));
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    res.status(204).end();
  };
}

/** The allowed origins as a set of normalized origins (for fast routes). */
export function allowedOriginSet(allowedOrigins: readonly string[]): ReadonlySet<string> {
  return new Set(allowedOrigins.map((o) => new URL(o).origin));
}
