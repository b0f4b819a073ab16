import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { RequestHandler } from 'express';
import { SlackPayloadError, SlackSignatureError } from '../../src/errors';
import type { RateLimits } from '../../src/security/rate-limits';
import { readLimited } from '../../src/server/http/json-body';
import type { DedupeStore } from '../../src/state/ports';

/** Slack's window: a request signed more than 5 minutes before or after our clock is refused. */
export const SLACK_TIMESTAMP_WINDOW_S = 5 * 60;
/** Signatures are remembered for both sides of the window, so a replay inside it is always caught. */
const REPLAY_MEMORY_MS = 2 * SLACK_TIMESTAMP_WINDOW_S * 1000;

/** Options of {@link slackRequestGuard}. */
export interface SlackRequestGuardOptions {
  signingSecret: string;
  bodyLimitBytes: number;
  dedupe: DedupeStore;
  limits: RateLimits;
  now?: () => number;
}

/**
 * Verifies a Slack request before Bolt sees it, with coded errors (Bolt answers bare statuses):
 * rate limit per platform IP (429), body size (413), `X-Slack-Signature` present (401), timestamp
 * within ±5 minutes (Bolt only refuses old ones), HMAC-SHA256 compared in constant time, and the
 * signature never seen before: an exact replay inside the window is acknowledged (200, empty, like
 * the original, so a platform duplicate is not retried) and dropped before Bolt, so it can never run
 * a second turn or a second button click. The raw body is handed to Bolt as `req.rawBody`, which
 * verifies it again.
 */
export function slackRequestGuard(options: SlackRequestGuardOptions): RequestHandler {
  const now = options.now ?? Date.now;
  return (req, res, next) => {
    const run = async () => {
      const ip = options.limits.ipOf(req);
      await options.limits.consume('webhookPerIp', ip, ip);
      const body = await readLimited(req, options.bodyLimitBytes);
      const signature = req.headers['x-slack-signature'];
      const timestamp = req.headers['x-slack-request-timestamp'];
      if (typeof signature !== 'string' || typeof timestamp !== 'string')
        throw new SlackSignatureError('missing');
      const ts = Number(timestamp);
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - ts) > SLACK_TIMESTAMP_WINDOW_S)
        throw new SlackSignatureError('stale');
      if (!validSignature(options.signingSecret, timestamp, body, signature))
        throw new SlackSignatureError('invalid');
      assertPayloadShape(body, req.headers['content-type']);
      const key = `slack:signature:${signature}`;
      if (!(await options.dedupe.claim(key, REPLAY_MEMORY_MS))) return 'replayed';
      // A request we failed (5xx) was not handled: its redelivery must not count as a replay.
      res.once('finish', () => {
        if (res.statusCode >= 500) void options.dedupe.forget(key).catch(() => undefined);
      });
      (req as { rawBody?: Buffer }).rawBody = body;
      return 'verified';
    };
    run().then((outcome) => {
      // An exact duplicate is acknowledged like the original (Slack stops redelivering) and dropped.
      if (outcome === 'replayed') res.status(200).end();
      else next();
    }, next);
  };
}

function validSignature(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const hmac = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body);
  const expected = Buffer.from(`v0=${hmac.digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Bolt parses a verified body exactly like this and then reads fields of the result, so a signed
 * `null`, array or number would crash its handler (a 500, found by the fuzz test): such a payload
 * is refused here with 400 `SWB_ERR_SLACK_PAYLOAD` instead.
 */
function assertPayloadShape(body: Buffer, contentType: string | undefined): void {
  const text = body.toString();
  let parsed: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      parsed = typeof form['payload'] === 'string' ? JSON.parse(form['payload']) : form;
    } else {
      parsed = JSON.parse(text);
    }
  } catch (error) {
    throw new SlackPayloadError('the body is not JSON or a form', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SlackPayloadError('the body is not a JSON object');
}
