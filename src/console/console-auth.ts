import type { NextFunction, Request, Response } from 'express';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import { ConsoleAuthError, hasErrorCode } from '../errors';
import type { AgentDirectory, AgentIdentity } from '../handoff/agents';
import type { Logger } from '../logging/logger';
import type { SessionRevocations } from '../security/session-revocations';
import { type ConsoleSessionCodec, sessionTokenFrom } from './console-session';

/** What a request authenticated by the console carries in `res.locals`. */
export interface ConsoleLocals {
  agent: AgentIdentity;
  /** The session's token and expiry, so logout can revoke exactly this session. */
  session: { token: string; expiresAt: number };
}

/** What {@link consoleAuthenticator} needs. */
export interface ConsoleAuthDeps {
  sessions: ConsoleSessionCodec;
  directory: AgentDirectory;
  revocations: SessionRevocations;
}

/**
 * The agent behind a request's session cookie: signature and expiry checked, not revoked by a
 * logout, and still in the agent directory (roles and skills are read from it every time).
 */
export function agentOfRequest(
  deps: ConsoleAuthDeps,
  headers: Request['headers'],
): Promise<ConsoleLocals | undefined> {
  return agentOfToken(deps, sessionTokenFrom(headers));
}

/**
 * The agent behind a session token, checked as {@link agentOfRequest} does (the dashboard's own
 * cookie carries the same tokens).
 */
export async function agentOfToken(
  deps: ConsoleAuthDeps,
  token: string | undefined,
): Promise<ConsoleLocals | undefined> {
  const session = deps.sessions.verify(token);
  if (!session || !token || (await deps.revocations.isRevoked(token))) return undefined;
  const agent = deps.directory.get(session.agentId);
  return agent && { agent, session: { token, expiresAt: session.expiresAt } };
}

/** Express middleware: sets `res.locals.agent` and `res.locals.session`, or fails with 401. */
export function consoleAuthenticator(deps: ConsoleAuthDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    agentOfRequest(deps, req.headers).then((found) => {
      if (!found) return next(new ConsoleAuthError('You are not logged in, or your session expired.'));
      Object.assign(res.locals, found);
      next();
    }, next);
  };
}

/**
 * Writes an audit record without ever failing the request that caused it: agents keep serving
 * customers while the audit store is down, and the failure is logged at error level for alerting.
 */
export async function auditSafely(
  audit: AuditLog | undefined,
  logger: Logger | undefined,
  entry: AuditEntry,
): Promise<void> {
  if (!audit) return;
  try {
    await audit.record(entry);
  } catch (error) {
    const code = hasErrorCode(error) ? error.code : undefined;
    logger?.error({ err: error, code, action: entry.action }, 'audit record could not be written');
  }
}
