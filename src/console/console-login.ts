import type { Request, Response } from 'express';
import type { AuditLog } from '../audit/audit-log';
import { ConsoleAuthError, hasErrorCode } from '../errors';
import type { AgentPresence } from '../handoff/agent-presence';
import type { AgentDirectory, AgentIdentity } from '../handoff/agents';
import type { HandoffService } from '../handoff/handoff-service';
import type { Logger } from '../logging/logger';
import type { RateLimits } from '../security/rate-limits';
import type { SessionRevocations } from '../security/session-revocations';
import { auditSafely, type ConsoleLocals } from './console-auth';
import type { ConsoleSessionCodec } from './console-session';
import { LoginLockout } from './login-lockout';

/** What login and logout need. */
export interface ConsoleLoginDeps {
  service: HandoffService;
  directory: AgentDirectory;
  presence: AgentPresence;
  sessions: ConsoleSessionCodec;
  revocations: SessionRevocations;
  limits: RateLimits;
  secureCookies: boolean;
  audit?: AuditLog;
  logger?: Logger;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** What {@link loginVerifier} needs: whom to ask, the shared limits, where to audit. */
export type LoginCheckDeps = Pick<ConsoleLoginDeps, 'directory' | 'limits' | 'audit' | 'logger'>;

/** Checks one login attempt; resolves with the agent and the client IP, or throws. */
export type LoginVerifier = (
  req: Request,
  username: string,
  password: string,
) => Promise<{ agent: AgentIdentity; ip: string }>;

/**
 * The password check shared by every login (console and analytics dashboard): {@link LoginLockout}
 * on the deployment's rate limits (so failures anywhere count toward one lockout), failures
 * audited as `login-failed` (reason `credentials` or the lockout code; a name that is no agent is
 * recorded as `unknown`: people type passwords into the name field). Wrong credentials throw
 * `refused(message)`. The caller audits the success (`login`) once it has decided to let the agent in.
 */
export function loginVerifier(deps: LoginCheckDeps, refused: (message: string) => Error): LoginVerifier {
  const limiter = new LoginLockout(deps.limits);
  return async (req, username, password) => {
    const ip = deps.limits.ipOf(req);
    const actor = deps.directory.get(username) ? username : 'unknown';
    try {
      await limiter.check(username, ip);
    } catch (error) {
      const reason = hasErrorCode(error) ? error.code : 'error';
      await auditSafely(deps.audit, deps.logger, { actor, action: 'login-failed', details: { ip, reason } });
      throw error;
    }
    const agent = await deps.directory.authenticate(username, password);
    if (!agent) {
      await limiter.failed(username, ip);
      await auditSafely(deps.audit, deps.logger, {
        actor,
        action: 'login-failed',
        details: { ip, reason: 'credentials' },
      });
      throw refused('Unknown user name or wrong password.');
    }
    await limiter.succeeded(username);
    return { agent, ip };
  };
}

/**
 * `POST /console/api/login`: rate limited and locked out per account and IP, failures audited
 * (see {@link loginVerifier}); a success sets the session cookie and is audited as `login`.
 */
export function loginHandler(
  deps: ConsoleLoginDeps,
  parse: (body: unknown) => { username: string; password: string },
): Handler {
  const verify = loginVerifier(deps, (message) => new ConsoleAuthError(message));
  return async (req, res) => {
    const { username, password } = parse(req.body);
    const { agent, ip } = await verify(req, username, password);
    await deps.presence.setStatus(agent.id, 'online');
    await auditSafely(deps.audit, deps.logger, { actor: agent.id, action: 'login', details: { ip } });
    res.setHeader(
      'Set-Cookie',
      deps.sessions.cookie(deps.sessions.issue(agent.id).token, deps.secureCookies),
    );
    res.status(200).json({ agent });
  };
}

/**
 * `POST /console/api/logout`: gives the agent's conversations back, marks them offline, clears
 * the cookie and revokes the session server-side (a copy of the cookie stops working too).
 */
export function logoutHandler(
  deps: ConsoleLoginDeps,
): (req: Request, res: Response<unknown, ConsoleLocals>) => Promise<void> {
  return async (req, res) => {
    const { agent, session } = res.locals;
    await deps.revocations.revoke(session.token, session.expiresAt);
    await deps.service.releaseAgent(agent.id);
    await deps.presence.setStatus(agent.id, 'offline');
    await auditSafely(deps.audit, deps.logger, {
      actor: agent.id,
      action: 'logout',
      details: { ip: deps.limits.ipOf(req) },
    });
    res.setHeader('Set-Cookie', deps.sessions.clearCookie(deps.secureCookies));
    res.status(204).end();
  };
}
