import type { RequestHandler } from 'express';
import { ConsoleAuthError, ConsoleForbiddenError } from '../errors';
import type { AgentIdentity, AgentRole } from '../handoff/agents';

/** What {@link requireRole} reads: the agent an authentication middleware put in `res.locals`. */
export interface AuthenticatedLocals {
  agent: AgentIdentity;
}

/** True when the agent has one of `roles`. */
export function hasRole(agent: AgentIdentity, ...roles: readonly AgentRole[]): boolean {
  return roles.includes(agent.role);
}

/**
 * Express middleware: the request goes on only when the authenticated agent
 * (`res.locals.agent`, set by the console's authentication) has one of `roles`; 401 without an
 * agent, 403 (`SWB_ERR_CONSOLE_FORBIDDEN`) with another role. Use it after `AgentConsole.authenticate()`.
 *
 * @example router.post('/console/api/admin/erase', agentConsole.authenticate(), requireRole('admin'), erase);
 */
export function requireRole(...roles: readonly AgentRole[]): RequestHandler {
  return (_req, res, next) => {
    const agent = (res.locals as Partial<AuthenticatedLocals>).agent;
    if (!agent) return next(new ConsoleAuthError('You are not logged in, or your session expired.'));
    if (!hasRole(agent, ...roles))
      return next(
        new ConsoleForbiddenError(`This needs the role ${roles.join(' or ')} (you are ${agent.role}).`),
      );
    next();
  };
}
