import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasErrorCode } from '../../errors';
import type { Logger } from '../../logging/logger';
import { retryAfterSeconds } from './error-handler';

/**
 * A hot-path route served on bare `node:http`, before express: express costs ~0.3 ms of CPU per
 * request (ARCHITECTURE.md), which is most of a web chat turn's budget. A fast route does its own
 * body parsing and validation and answers with the same `{ code, message }` errors as express.
 */
export interface FastRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** Answers a failed fast route like the express error handler does. */
export function sendError(res: ServerResponse, error: unknown, logger: Logger): void {
  const status =
    typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
  if (status >= 500) logger.error({ err: error }, 'request failed');
  if (res.headersSent) return;
  const body = hasErrorCode(error)
    ? { code: error.code, message: error.message }
    : { code: 'SWB_ERR_INTERNAL', message: 'Internal error. It has been logged; please retry.' };
  const retryAfter = retryAfterSeconds(error);
  sendJson(res, status, body, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
}

/** A dispatcher over fast routes by method and path (query strings ignored). */
export function fastRouter(routes: readonly FastRoute[]): (req: IncomingMessage) => FastRoute | undefined {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return (req) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    return byKey.get(`${req.method} ${q < 0 ? url : url.slice(0, q)}`);
  };
}
