import { Router as createRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { ConsoleSessionCodec } from '../../console/console-session';
import { LoginLimiter } from '../../console/login-limiter';
import {
  ConsoleForbiddenError,
  DashboardAuthError,
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors';
import type { AgentDirectory, AgentIdentity } from '../../handoff/agents';
import { jsonBody } from '../../server/http/json-body';
import type { AlertLog } from '../alerts/alert';
import type { AnalyticsStore } from '../analytics-store';
import { customerProfile } from '../customer-profile';
import { dashboardAlerts, dashboardData } from '../dashboard-data';
import { parseMetricsFilter } from '../metrics-range';
import type { TranscriptStore } from '../transcript-store';
import { canSeeDashboard } from './dashboard-access';
import { clearDashboardCookie, dashboardAgentId, dashboardCookie } from './dashboard-session';

/** What the dashboard API needs. */
export interface DashboardApiDeps {
  store: Pick<AnalyticsStore, 'metrics' | 'escalationReasons' | 'customer'>;
  transcripts?: Pick<TranscriptStore, 'list'>;
  alerts?: Pick<AlertLog, 'list'>;
  directory: AgentDirectory;
  sessions: ConsoleSessionCodec;
  sessionTtlMs: number;
  secureCookies: boolean;
  bodyLimitBytes: number;
  now: () => number;
}

type Locals = { agent: AgentIdentity };

const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
/** Customer ids as the business's systems issue them. */
const customerIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);

/**
 * The dashboard's JSON API under `/api/analytics`: login and logout (the console's signed session,
 * in a cookie of its own), the metrics of a range (validated, `SWB_ERR_ANALYTICS_QUERY` on a bad
 * one), the alerts list and a customer's profile. Supervisors and admins only.
 */
export function dashboardApi(deps: DashboardApiDeps): Router {
  const router = createRouter();
  const limiter = new LoginLimiter(deps.now);
  router.use('/api/analytics', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.post('/api/analytics/login', requireJson, jsonBody(deps.bodyLimitBytes), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) throw new ValidationError('Give a username and a password.');
    const { username, password } = parsed.data;
    limiter.check(username);
    const agent = await deps.directory.authenticate(username, password);
    if (!agent) {
      limiter.failed(username);
      throw new DashboardAuthError('Unknown user name or wrong password.');
    }
    limiter.succeeded(username);
    if (!canSeeDashboard(agent.role)) throw new ConsoleForbiddenError('The dashboard is for supervisors.');
    const { token } = deps.sessions.issue(agent.id);
    res.setHeader('Set-Cookie', dashboardCookie(token, deps.sessionTtlMs, deps.secureCookies));
    res.json({ agent });
  });
  router.post('/api/analytics/logout', requireJson, (_req, res) => {
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

function authenticate(deps: DashboardApiDeps) {
  return (req: Request, res: Response<unknown, Locals>, next: NextFunction): void => {
    const agentId = dashboardAgentId(req.headers, deps.sessions);
    const agent = agentId ? deps.directory.get(agentId) : undefined;
    if (!agent) next(new DashboardAuthError('You are not logged in, or your session expired.'));
    else if (!canSeeDashboard(agent.role))
      next(new ConsoleForbiddenError('The dashboard is for supervisors.'));
    else {
      res.locals.agent = agent;
      next();
    }
  };
}
