import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The console's session cookie. */
export const SESSION_COOKIE = 'swb_console';

/** What a session cookie proves. */
export interface ConsoleSession {
  agentId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Options of {@link ConsoleSessionCodec}. */
export interface ConsoleSessionOptions {
  /** The first signs, all verify (rotation). */
  secrets: readonly string[];
  ttlMs: number;
  now?: () => number;
}

/** Label mixed into secrets derived from the web chat's, so the two token kinds never verify each other. */
const DERIVATION_LABEL = 'switchboard console session v1';
const EPHEMERAL_SECRET_BYTES = 32;

/**
 * The console's session secrets: `handoff.sessionSecrets` when set, else derived (HMAC with a
 * label) from `webchat.tokenSecrets` so that a multi-process deployment needs no extra secret,
 * else a random one for this process (sessions end on restart).
 */
export function consoleSessionSecrets(
  configured: readonly string[] | undefined,
  webchat: readonly string[] | undefined,
): string[] {
  if (configured && configured.length > 0) return [...configured];
  if (webchat && webchat.length > 0)
    return webchat.map((s) => createHmac('sha256', s).update(DERIVATION_LABEL).digest('base64url'));
  return [randomBytes(EPHEMERAL_SECRET_BYTES).toString('base64url')];
}

/**
 * Signs and verifies console sessions: `<payload>.<hmac>`, base64url, HMAC-SHA256, carried in an
 * http-only, SameSite=Strict cookie. Only the agent id and the expiry are inside: roles and skills
 * are read from the agent directory on every request, so a changed agents file applies at once.
 */
export class ConsoleSessionCodec {
  private readonly now: () => number;

  constructor(private readonly options: ConsoleSessionOptions) {
    this.now = options.now ?? Date.now;
  }

  issue(agentId: string): { token: string; session: ConsoleSession } {
    const session: ConsoleSession = { agentId, expiresAt: this.now() + this.options.ttlMs };
    const body = Buffer.from(JSON.stringify({ sub: agentId, exp: session.expiresAt })).toString('base64url');
    return { token: `${body}.${sign(this.options.secrets[0] ?? '', body)}`, session };
  }

  /** The session, or undefined when the token is missing, forged, malformed or expired. */
  verify(token: string | undefined): ConsoleSession | undefined {
    const [body, mac, extra] = (token ?? '').split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const valid = this.options.secrets.some((secret) => {
      const expected = Buffer.from(sign(secret, body), 'base64url');
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
        sub?: unknown;
        exp?: unknown;
      };
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || payload.exp <= this.now())
        return undefined;
      return { agentId: payload.sub, expiresAt: payload.exp };
    } catch {
      return undefined;
    }
  }

  /** The `Set-Cookie` value of a new session. */
  cookie(token: string, secure: boolean): string {
    const maxAge = Math.floor(this.options.ttlMs / 1000);
    return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  }

  /** The `Set-Cookie` value that deletes the session. */
  clearCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  }
}

/** The session token from a request's `Cookie` header. */
export function sessionTokenFrom(headers: IncomingHttpHeaders): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
