import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebChatTokenError } from '../../src/errors';

/** What a web chat session token proves: who the customer is and which conversation they are in. */
export interface WebChatSession {
  userId: string;
  conversationId: string;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link WebChatTokenService}. */
export interface WebChatTokenOptions {
  /** Signing secrets: the first signs new tokens, all verify (rotation). */
  secrets: readonly string[];
  ttlMs: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface TokenPayload {
  v: 1;
  kid: string;
  sub: string;
  cid: string;
  exp: number;
}

const TOKEN_VERSION = 1;
/** How many verified tokens are remembered, so a session's next request skips the HMAC. */
const VERIFIED_CACHE_SIZE = 10_000;
/** Random ids: 16 bytes is 128 bits, unguessable. */
const ID_BYTES = 16;

function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/**
 * Issues and verifies web chat session tokens (`<payload>.<hmac>`, base64url, HMAC-SHA256).
 * The server chooses the user and conversation ids; a client can never pick its own. Secrets
 * rotate: sign with the first, verify with any (each token names its key id).
 */
export class WebChatTokenService {
  private readonly now: () => number;
  private readonly keys: Map<string, string>;
  /** Tokens that passed verification, oldest first; only their expiry is checked again. */
  private readonly verified = new Map<string, WebChatSession>();

  constructor(private readonly options: WebChatTokenOptions) {
    if (options.secrets.length === 0)
      throw new WebChatTokenError('unverifiable: no signing secret is configured');
    this.now = options.now ?? Date.now;
    this.keys = new Map(options.secrets.map((s) => [keyId(s), s]));
  }

  /** A new session: fresh user and conversation ids. */
  issueNew(): { token: string; session: WebChatSession } {
    return this.issue({ userId: `u_${randomId()}`, conversationId: `wc_${randomId()}` });
  }

  /** A token for an existing session (refresh keeps the same user and conversation). */
  issue(ids: { userId: string; conversationId: string }): { token: string; session: WebChatSession } {
    const secret = this.options.secrets[0] as string;
    const exp = this.now() + this.options.ttlMs;
    const payload: TokenPayload = {
      v: TOKEN_VERSION,
      kid: keyId(secret),
      sub: ids.userId,
      cid: ids.conversationId,
      exp,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const token = `${body}.${sign(secret, body).toString('base64url')}`;
    return { token, session: { userId: ids.userId, conversationId: ids.conversationId, expiresAt: exp } };
  }

  /** The session a token proves, or `WebChatTokenError` (missing, malformed, forged, expired). */
  verify(token: string | undefined): WebChatSession {
    if (!token) throw new WebChatTokenError('missing');
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt <= this.now()) throw new WebChatTokenError('expired');
      return { ...known };
    }
    const session = this.verifySignature(token);
    this.remember(token, session);
    return { ...session };
  }

  private remember(token: string, session: WebChatSession): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, session);
  }

  private verifySignature(token: string): WebChatSession {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new WebChatTokenError('malformed');
    const payload = parsePayload(body);
    const secret = this.keys.get(payload.kid);
    if (!secret) throw new WebChatTokenError('signed with an unknown key');
    const expected = sign(secret, body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new WebChatTokenError('forged');
    if (payload.exp <= this.now()) throw new WebChatTokenError('expired');
    return { userId: payload.sub, conversationId: payload.cid, expiresAt: payload.exp };
  }
}

function parsePayload(body: string): TokenPayload {
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenPayload>;
    const ok =
      value.v === TOKEN_VERSION &&
      typeof value.kid === 'string' &&
      typeof value.sub === 'string' &&
      typeof value.cid === 'string' &&
      typeof value.exp === 'number';
    if (ok) return value as TokenPayload;
  } catch {
    // fall through: not JSON
  }
  throw new WebChatTokenError('malformed');
}

function randomId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** A random secret for the embedded default (one process); production configures WEBCHAT_TOKEN_SECRETS. */
export function generateEphemeralSecret(): string {
  return randomBytes(32).toString('base64url');
}
