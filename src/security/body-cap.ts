import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError } from '../errors';
import { sendJson } from '../server/http/fast-route';

/** The largest body any route takes (Slack's interactive payloads); routes enforce their own, smaller limits. */
export const MAX_ANY_BODY_BYTES = 1024 * 1024;

/**
 * The server-wide body cap, checked before routing: a request declaring a body larger than any
 * route accepts is answered 413 (`SWB_ERR_PAYLOAD_TOO_LARGE`) at once, whatever its path, and the
 * connection closed so the rest is never read. Each route still limits its own body while
 * streaming (chunked bodies declare no length).
 *
 * @returns true when the request was refused.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > limitBytes)) return false;
  const error = new PayloadTooLargeError(limitBytes);
  sendJson(res, error.status, error.toJSON(), { connection: 'close' });
  req.resume();
  return true;
}
