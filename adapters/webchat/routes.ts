import type { IncomingMessage } from 'node:http';
import { Router as createRouter, type Router } from 'express';
import { ValidationError, WebChatTokenError } from '../../src/errors';
import { allowedOriginSet, applyCors, webChatCors } from '../../src/security/cors';
import type { RateLimits } from '../../src/security/rate-limits';
import type { FastRoute } from '../../src/server/http/fast-route';
import { sendJson } from '../../src/server/http/fast-route';
import { jsonBody, readJsonBody } from '../../src/server/http/json-body';
import type { TurnTracker } from '../../src/server/turn-tracker';
import type { BotLogic } from '../channel-adapter';
import type { inboundSchemas } from './protocol';
import type { WebChatSession, WebChatTokenService } from './session-token';
import { describeZod } from './socket-connection';
import type { WebChatAdapter } from './webchat-adapter';

/** What the web chat's HTTP routes need. */
export interface WebChatRoutesOptions {
  adapter: WebChatAdapter;
  tokens: WebChatTokenService;
  logic: BotLogic;
  schemas: ReturnType<typeof inboundSchemas>;
  tracker: TurnTracker;
  bodyLimitBytes: number;
  /** Abuse limits: sessions per IP, messages per IP and per conversation. */
  limits: RateLimits;
  /** Origins whose pages may call these routes cross-origin (closed when empty). */
  allowedOrigins: readonly string[];
}

/** Catch-up pages are bounded so one request cannot read a whole history at once. */
const MAX_HISTORY_PAGE = 200;

/**
 * The web chat's session and catch-up routes (express):
 * - `POST /webchat/session` → a new session, or a refreshed token for the bearer's session;
 * - `GET /webchat/messages?after=N` → the messages after sequence number N.
 */
export function webChatRoutes(options: WebChatRoutesOptions): Router {
  const router = createRouter();
  const { limits } = options;
  router.use('/webchat', webChatCors(options.allowedOrigins));
  router.post(
    '/webchat/session',
    limits.middleware('webchatSessionPerIp'),
    jsonBody(options.bodyLimitBytes),
    (req, res) => {
      const bearer = bearerToken(req);
      const issued = bearer ? options.tokens.issue(options.tokens.verify(bearer)) : options.tokens.issueNew();
      res.status(201).json({ token: issued.token, ...issued.session });
    },
  );
  router.get('/webchat/messages', limits.middleware('webchatMessagePerIp'), async (req, res) => {
    const session = options.tokens.verify(bearerToken(req));
    const after = Number(req.query['after'] ?? 0);
    if (!Number.isInteger(after) || after < 0) throw new ValidationError('after must be a whole number ≥ 0.');
    const messages = await options.adapter.history(session.conversationId, after, MAX_HISTORY_PAGE);
    res.status(200).json({ messages });
  });
  return router;
}

/**
 * `POST /webchat/messages` on the fast path (no express): runs one turn for the bearer's session and
 * answers with the bot's replies, `200 { messages, duplicate }`. For clients that cannot hold a socket.
 */
export function webChatMessageRoute(options: WebChatRoutesOptions): FastRoute {
  const { limits } = options;
  const allowed = allowedOriginSet(options.allowedOrigins);
  return {
    method: 'POST',
    path: '/webchat/messages',
    handle: async (req, res) => {
      applyCors(req, res, allowed);
      const ip = limits.ipOf(req);
      await limits.consume('webchatMessagePerIp', ip, ip);
      const session = options.tokens.verify(bearerToken(req));
      await limits.consume('webchatMessagePerConversation', session.conversationId, ip);
      const parsed = options.schemas.httpMessage.safeParse(await readJsonBody(req, options.bodyLimitBytes));
      if (!parsed.success) throw new ValidationError(describeZod(parsed.error));
      const result = await options.tracker.run(() =>
        options.adapter.receive(session, parsed.data, options.logic),
      );
      sendJson(res, 200, result);
    },
  };
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new WebChatTokenError('malformed');
  return match[1];
}

export type { WebChatSession };
