import { Router as createRouter, type Request, type Router } from 'express';
import { ValidationError, WebChatTokenError } from '../../src/errors';
import { jsonBody } from '../../src/server/http/json-body';
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
}

/** Catch-up pages are bounded so one request cannot read a whole history at once. */
const MAX_HISTORY_PAGE = 200;

/**
 * The web chat's HTTP side, for clients that cannot hold a socket and for session set-up:
 * - `POST /webchat/session` → a new session, or a refreshed token for the bearer's session;
 * - `POST /webchat/messages` → runs one turn, answers with the bot's replies;
 * - `GET /webchat/messages?after=N` → the messages after sequence number N.
 */
export function webChatRoutes(options: WebChatRoutesOptions): Router {
  const router = createRouter();
  const body = jsonBody(options.bodyLimitBytes);

  router.post('/webchat/session', body, (req, res) => {
    const bearer = bearerToken(req);
    const issued = bearer ? options.tokens.issue(options.tokens.verify(bearer)) : options.tokens.issueNew();
    res.status(201).json({ token: issued.token, ...issued.session });
  });

  router.post('/webchat/messages', body, async (req, res) => {
    const session = authenticate(req, options.tokens);
    const parsed = options.schemas.httpMessage.safeParse(req.body);
    if (!parsed.success) throw new ValidationError(describeZod(parsed.error));
    const result = await options.tracker.run(() =>
      options.adapter.receive(session, parsed.data, options.logic),
    );
    res.status(200).json(result);
  });

  router.get('/webchat/messages', async (req, res) => {
    const session = authenticate(req, options.tokens);
    const after = Number(req.query['after'] ?? 0);
    if (!Number.isInteger(after) || after < 0) throw new ValidationError('after must be a whole number ≥ 0.');
    const messages = await options.adapter.history(session.conversationId, after, MAX_HISTORY_PAGE);
    res.status(200).json({ messages });
  });

  return router;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new WebChatTokenError('malformed');
  return match[1];
}

function authenticate(req: Request, tokens: WebChatTokenService): WebChatSession {
  return tokens.verify(bearerToken(req));
}
