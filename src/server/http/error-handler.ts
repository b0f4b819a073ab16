import type { ErrorRequestHandler, RequestHandler } from 'express';
import { hasErrorCode, NotFoundError } from '../../errors';
import type { Logger } from '../../logging/logger';

/** Answers every unknown route with a coded JSON 404. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`Route ${req.method} ${req.path}`));
}

/**
 * The last express handler: every error becomes `{ code, message }` with the error's status. A
 * non-Switchboard error is a 500 with a generic message (details go to the log, never the client).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) return;
    const retryAfter = retryAfterSeconds(error);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(bodyOf(error, status));
  };
}

function bodyOf(error: unknown, status: number): { code: string; message: string } {
  if (hasErrorCode(error)) return { code: error.code, message: error.message };
  if (status < 500) return { code: 'SWB_ERR_BAD_REQUEST', message: 'The request is invalid.' };
  return { code: 'SWB_ERR_INTERNAL', message: 'Internal error. It has been logged; please retry.' };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 600) return status;
  return 500;
}

/** `Retry-After` in whole seconds (at least 1) for an error that says when to retry (rate limits). */
export function retryAfterSeconds(error: unknown): number | undefined {
  const ms = (error as { retryAfterMs?: unknown })?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : undefined;
}
