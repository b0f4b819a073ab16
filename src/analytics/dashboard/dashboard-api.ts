import { Router as createRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log';
import { agentOfToken, auditSafely } from '../../console/console-auth';
import { loginVerifier } from '../../console/console-login';
import type { ConsoleSessionCodec } from '../../console/console-session';
import {
  ConsoleForbiddenError,
  DashboardAuthError,
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors';
import type { AgentDirectory, AgentIdentity } from '../../handoff/agents';
import type { Logger } from '../../logging/logger';
import { sameOriginOnly } from '../../security/csrf';
import type { RateLimits } from '../../security/rate-limits';
import type { SessionRevocations } from '../../security/session-revocations';
import { jsonBody } from '../../server/http/json-body';
import type { AlertLog } from '../alerts/alert';
import type { AnalyticsStore } from '../analytics-store';
import { customerProfile } from '../customer-profile';
import { dashboardAlerts, dashboardData } from '../dashboard-data';
import { parseMetricsFilter } from '../metrics-range';
import type { TranscriptStore } from '../transcript-store';
import { canSeeDashboard } from './dashboard-access';
import { clearDashboardCookie, dashboardCookie, dashboardTokenFrom } from './dashboard-session';

/** What the dashboard API needs. */
export interface DashboardApiDeps {
  store: Pick<AnalyticsStore, 'metrics' | 'escalationReasons' | 'customer'>;
  transcripts?: Pick<TranscriptStore, 'list'>;
  alerts?: Pick<AlertLog, 'list'>;
  directory: AgentDirectory;
  sessions: ConsoleSessionCodec;
  sessionTtlMs: number;
  /** Sessions ended by logout: the console's (a token revoked in one is refused by both). */
  revocations: SessionRevocations;
  /** Login limits and lockouts: the console's instance, so failures on either count together. */
  limits: RateLimits;
  secureCookies: boolean;
  /** Origins besides the request's own allowed to log in and out (the public base URL's). */
  allowedOrigins: readonly string[];
  bodyLimitBytes: number;
  /** Where logins, failed logins and logouts are recorded (the console's audit log). */
  audit?: AuditLog;
  logger?: Logger;
}

type Locals = { agent: AgentIdentity };

const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
/** Customer ids as the business's systems issue them. */
const customerIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);

/**
 * The dashboard's JSON API under `/api/analytics`: login and logout through the console's
 * machinery (lockout on the shared rate limits, audit log, server-side revocation, CSRF check) with
 * the console's signed session in a cookie of its own, the metrics of a range (validated,
 * `SWB_ERR_ANALYTICS_QUERY` on a bad one), the alerts list and a customer's profile. Supervisors
 * and admins only (checked after authentication: a valid agent gets 403, audited with reason `role`).
 */
export function dashboardApi(deps: DashboardApiDeps): Router {
  const router = createRouter();
  const verify = loginVerifier(deps, (message) => new DashboardAuthError(message));
  const csrf = sameOriginOnly(deps.allowedOrigins);
  router.use('/api/analytics', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.post('/api/analytics/login', csrf, requireJson, jsonBody(deps.bodyLimitBytes), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new ValidationError('Give a username and a password.');
    const { agent, ip } = await verify(req, parsed.data.username, parsed.data.password);
    if (!canSeeDashboard(agent.role)) {
      const entry = { actor: agent.id, action: 'login-failed', details: { ip, reason: 'role' } } as const;
      await auditSafely(deps.audit, deps.logger, entry);
      throw new ConsoleForbiddenError('The dashboard is for supervisors.');
    }
    await auditSafely(deps.audit, deps.logger, { actor: agent.id, action: 'login', details: { ip } });
    const { token } = deps.sessions.issue(agent.id);
    res.setHeader('Set-Cookie', dashboardCookie(token, deps.sessionTtlMs, deps.secureCookies));
    res.json({ agent });
  });
  router.post('/api/analytics/logout', csrf, requireJson, async (req, res) => {
    await endSession(deps, req);
    res.setHeader('Set-Cookie', clearDashboardCookie(deps.secureCookies));
    res.status(204).end();
  });
  const get = (path: string, handler: (req: Request, res: Response<unknown, Locals>) => Promise<void>) =>
    router.get(path, authenticate(deps), handler);
  get('/api/analytics/session', async (_req, res) => {
    res.json({ agent: res.locals.agent });
  });
  get('/api/analytics/metrics', async (req, res) => {
    res.json(await dashboardData(deps.store, parseMetricsFilter(req.query)));
  });
  get('/api/analytics/alerts', async (req, res) => {
    res.json({ alerts: await dashboardAlerts(deps.alerts, parseMetricsFilter(req.query)) });
  });
  get('/api/analytics/customers/:id', async (req, res) => {
    const id = customerIdSchema.safeParse(req.params['id']);
    if (!id.success) throw new ValidationError('That is not a customer id.');
    const profile = await customerProfile({ store: deps.store, transcripts: deps.transcripts }, id.data);
    if (!profile) throw new NotFoundError(`Customer "${id.data}"`);
    res.json({ profile });
  });
  return router;
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type']?.toLowerCase() ?? '';
  next(type.startsWith('application/json') ? undefined : new UnsupportedMediaTypeError('application/json'));
}

/**
 * Logout: a live session is revoked server-side (a copy of the cookie stops working) and audited.
 * Without one there is nothing to end, and the cookie is cleared all the same.
 */
async function endSession(deps: DashboardApiDeps, req: Request): Promise<void> {
  const found = await agentOfToken(deps, dashboardTokenFrom(req.headers));
  if (!found) return;
  await deps.revocations.revoke(found.session.token, found.session.expiresAt);
  const details = { ip: deps.limits.ipOf(req) };
  await auditSafely(deps.audit, deps.logger, { actor: found.agent.id, action: 'logout', details });
}

/** The session (signed, unexpired, not revoked, agent still in the directory), then the role. */
function authenticate(deps: DashboardApiDeps) {
  return (req: Request, res: Response<unknown, Locals>, next: NextFunction): void => {
    agentOfToken(deps, dashboardTokenFrom(req.headers)).then((found) => {
      if (!found) return next(new DashboardAuthError('You are not logged in, or your session expired.'));
      if (!canSeeDashboard(found.agent.role))
        return next(new ConsoleForbiddenError('The dashboard is for supervisors.'));
      res.locals.agent = found.agent;
      next();
    }, next);
  };
}
