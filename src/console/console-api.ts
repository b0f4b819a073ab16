import { Router as createRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { ChannelIdentity, CustomerProfileView } from '../analytics/customer-profile';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { AuditLog } from '../audit/audit-log';
import {
  ConsoleForbiddenError,
  HandoffNotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors';
import type { AgentPresence } from '../handoff/agent-presence';
import type { AgentDirectory, AgentIdentity } from '../handoff/agents';
import type { Handoff } from '../handoff/handoff-record';
import type { HandoffService } from '../handoff/handoff-service';
import { supervisorSnapshot } from '../handoff/supervisor-snapshot';
import type { Logger } from '../logging/logger';
import { sameOriginOnly } from '../security/csrf';
import type { RateLimits } from '../security/rate-limits';
import { requireRole } from '../security/require-role';
import type { SessionRevocations } from '../security/session-revocations';
import { jsonBody } from '../server/http/json-body';
import { canView, queueView, SUPERVISING_ROLES, seesAllQueues } from './console-access';
import { auditSafely, type ConsoleLocals, consoleAuthenticator } from './console-auth';
import { loginHandler, logoutHandler } from './console-login';
import { consoleBodies, handoffIdSchema } from './console-protocol';
import type { ConsoleSessionCodec } from './console-session';

/** One suggested answer for the agent (agent assist). */
export interface AssistSuggestion {
  title: string;
  text: string;
  score: number;
}

/** Finds suggested answers for the customer's last question (the FAQ retriever, once wired). */
export type AgentAssist = (question: string, skill: string) => Promise<AssistSuggestion[]>;

/**
 * Finds the profile of a handoff's customer by their channel identity: linked identities and
 * conversations across channels (analytics' `profileOfIdentity`, when analytics is on).
 */
export type CustomerProfileLookup = (identity: ChannelIdentity) => Promise<CustomerProfileView | undefined>;

/** What the console's routes need. */
export interface ConsoleApiDeps {
  service: HandoffService;
  directory: AgentDirectory;
  presence: AgentPresence;
  transcripts: TranscriptStore;
  sessions: ConsoleSessionCodec;
  /** Sessions ended by logout. */
  revocations: SessionRevocations;
  /** Login attempt limits and lockouts. */
  limits: RateLimits;
  /** Adds `Secure` to the cookie (the public URL is https). */
  secureCookies: boolean;
  /** Origins besides the request's own allowed to make state-changing calls (the public base URL's). */
  allowedOrigins: readonly string[];
  bodyLimitBytes: number;
  assist?: AgentAssist;
  /** The Customer panel's profiles; omitted (analytics off): the route answers `available: false`. */
  customerProfile?: CustomerProfileLookup;
  /** Where logins, claims, transfers, resolves and transcript views are recorded. */
  audit?: AuditLog;
  logger?: Logger;
  now: () => number;
}

/** Validation problems echoed to the client at most, and characters per problem. */
const MAX_PROBLEMS_SHOWN = 5;
const MAX_PROBLEM_CHARS = 200;

type Handler = (req: Request, res: Response<unknown, ConsoleLocals>) => Promise<void>;
type Mount = (path: string, handler: Handler) => unknown;

/**
 * The console's JSON API under `/console/api`: login and logout (signed http-only cookie, revoked
 * server-side on logout), the agent's queues, pick and claim (atomic), the conversation with its
 * transcript and context, reply, transfer, resolve, suggestions, and the supervisor view. Every
 * route authenticates and checks the role and skills through `console-access.ts`; every body is
 * validated with zod; every failure is a coded error. State-changing requests must be
 * `application/json` and come from this origin (CSRF: `sameOriginOnly`, SameSite=Strict cookie).
 */
export function consoleApi(deps: ConsoleApiDeps): Router {
  const router = createRouter();
  const parse = jsonBody(deps.bodyLimitBytes);
  const csrf = sameOriginOnly(deps.allowedOrigins);
  const authenticate = consoleAuthenticator(deps);
  const post: Mount = (path, handler) => router.post(path, csrf, requireJson, parse, authenticate, handler);
  const get: Mount = (path, handler) => router.get(path, authenticate, handler);
  router.use('/console/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const login = loginHandler(deps, (value) => body(consoleBodies.login, value));
  router.post('/console/api/login', csrf, requireJson, parse, login);
  post('/console/api/logout', logoutHandler(deps));
  mountAgentRoutes(deps, post, get, router);
  mountHandoffRoutes(deps, post, get);
  mountCustomerRoute(deps, get);
  return router;
}

function mountAgentRoutes(deps: ConsoleApiDeps, post: Mount, get: Mount, router: Router): void {
  const { service, directory, presence } = deps;
  get('/console/api/state', async (_req, res) => {
    res.json(await agentState(deps, res.locals.agent));
  });
  post('/console/api/presence', async (req, res) => {
    const { status } = body(consoleBodies.presence, req.body);
    res.json({ presence: await presence.setStatus(res.locals.agent.id, status) });
  });
  post('/console/api/pick', async (req, res) => {
    const handoff = await service.pickNext(res.locals.agent);
    if (handoff) await audit(deps, req, res, 'claim', handoff.id, { skill: handoff.skill, via: 'pick' });
    res.json({ handoff: handoff ?? null });
  });
  router.get(
    '/console/api/supervisor',
    consoleAuthenticator(deps),
    requireRole(...SUPERVISING_ROLES),
    async (_req: Request, res: Response) => {
      const sources = { skills: service.skills, directory, presence, now: deps.now() };
      res.json(
        await supervisorSnapshot({
          ...sources,
          depths: () => service.depths(),
          listOpen: () => service.listOpen(),
        }),
      );
    },
  );
}

function mountHandoffRoutes(deps: ConsoleApiDeps, post: Mount, get: Mount): void {
  const { service } = deps;
  get('/console/api/handoffs/:id', async (req, res) => {
    const handoff = await visible(deps, req, res.locals.agent);
    const transcript = await deps.transcripts.list(handoff.conversationId);
    await audit(deps, req, res, 'transcript-view', handoff.id, { skill: handoff.skill });
    res.json({ handoff, transcript });
  });
  post('/console/api/handoffs/:id/claim', async (req, res) => {
    const { agent } = res.locals;
    const handoff = await service.get(idOf(req));
    if (!handoff) throw new HandoffNotFoundError(idOf(req));
    // Skill, not visibility: a conversation someone else just took is a conflict (409), not a secret.
    if (!seesAllQueues(agent) && !agent.skills.includes(handoff.skill)) {
      throw new ConsoleForbiddenError(`You do not serve the ${handoff.skill} queue.`);
    }
    const claimed = await service.claim(handoff.id, agent);
    await audit(deps, req, res, 'claim', handoff.id, { skill: handoff.skill });
    res.json({ handoff: claimed });
  });
  post('/console/api/handoffs/:id/messages', async (req, res) => {
    const { text } = body(consoleBodies.message, req.body);
    res.status(201).json({ line: await service.reply(idOf(req), res.locals.agent, text) });
  });
  post('/console/api/handoffs/:id/transfer', async (req, res) => {
    const { skill } = body(consoleBodies.transfer, req.body);
    const handoff = await service.transfer(idOf(req), res.locals.agent, skill);
    await audit(deps, req, res, 'transfer', handoff.id, { skill });
    res.json({ handoff });
  });
  post('/console/api/handoffs/:id/resolve', async (req, res) => {
    const { disposition } = body(consoleBodies.resolve, req.body);
    const handoff = await service.resolve(idOf(req), res.locals.agent, disposition);
    await audit(deps, req, res, 'resolve', handoff.id, { disposition });
    res.json({ handoff });
  });
  get('/console/api/handoffs/:id/suggestions', async (req, res) => {
    const handoff = await visible(deps, req, res.locals.agent);
    const lines = await deps.transcripts.list(handoff.conversationId);
    const question = [...lines].reverse().find((l) => l.role === 'customer')?.text ?? '';
    const suggestions = deps.assist && question ? await deps.assist(question, handoff.skill) : [];
    res.json({ available: deps.assist !== undefined, question, suggestions });
  });
}

/**
 * The Customer panel: the profile of the handoff's customer, for whoever may see the handoff. A
 * profile shown is audited as a `transcript-view` (it holds the ends of earlier transcripts).
 */
function mountCustomerRoute(deps: ConsoleApiDeps, get: Mount): void {
  get('/console/api/handoffs/:id/customer', async (req, res) => {
    const handoff = await visible(deps, req, res.locals.agent);
    if (!deps.customerProfile) {
      res.json({ available: false, profile: null });
      return;
    }
    const userId = handoff.customer.id;
    const profile = userId ? await deps.customerProfile({ channelId: handoff.channelId, userId }) : undefined;
    if (profile) {
      const details = { skill: handoff.skill, view: 'customer-profile', customer: profile.customerId };
      await audit(deps, req, res, 'transcript-view', handoff.id, details);
    }
    res.json({ available: true, profile: profile ?? null });
  });
}

function audit(
  deps: ConsoleApiDeps,
  req: Request,
  res: Response<unknown, ConsoleLocals>,
  action: 'claim' | 'transfer' | 'resolve' | 'transcript-view',
  target: string,
  details: Record<string, string>,
): Promise<void> {
  const entry = {
    actor: res.locals.agent.id,
    action,
    target,
    details: { ...details, ip: deps.limits.ipOf(req) },
  };
  return auditSafely(deps.audit, deps.logger, entry);
}

/** The agent's view of the queues they serve and the conversations they hold. */
async function agentState(deps: ConsoleApiDeps, agent: AgentIdentity) {
  const skills = agent.skills.filter((s) => deps.service.skills.includes(s));
  const [depths, open, presence] = await Promise.all([
    deps.service.depths(),
    deps.service.listOpen(),
    deps.presence.get(agent.id),
  ]);
  const now = deps.now();
  const queues = await Promise.all(
    skills.map(async (skill) => ({
      skill,
      depth: depths[skill] ?? 0,
      waiting: (await deps.service.listQueue(skill)).map((entry) => queueView(entry, now)),
    })),
  );
  const mine = open.filter((h) => h.status === 'assigned' && h.agentId === agent.id);
  return { agent, presence, now, skills: deps.service.skills, queues, mine };
}

async function visible(deps: ConsoleApiDeps, req: Request, agent: AgentIdentity): Promise<Handoff> {
  const handoff = await deps.service.get(idOf(req));
  if (!handoff) throw new HandoffNotFoundError(idOf(req));
  if (!canView(agent, handoff))
    throw new ConsoleForbiddenError(`This conversation is not in your queues (${handoff.skill}).`);
  return handoff;
}

function idOf(req: Request): string {
  const parsed = handoffIdSchema.safeParse(req.params['id']);
  if (!parsed.success)
    throw new ValidationError(`"${String(req.params['id']).slice(0, 80)}" is not a handoff id.`);
  return parsed.data;
}

function body<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Bounded: a body of 10,000 unknown keys must not be echoed back in full.
  const problems = parsed.error.issues
    .slice(0, MAX_PROBLEMS_SHOWN)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`.slice(0, MAX_PROBLEM_CHARS));
  throw new ValidationError(`Invalid request body: ${problems.join('; ')}.`);
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type']?.toLowerCase() ?? '';
  next(type.startsWith('application/json') ? undefined : new UnsupportedMediaTypeError('application/json'));
}
