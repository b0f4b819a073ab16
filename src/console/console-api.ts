import { Router as createRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { TranscriptStore } from '../analytics/transcript-store';
import {
  ConsoleAuthError,
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
import { jsonBody } from '../server/http/json-body';
import { canView, queueView } from './console-access';
import { consoleBodies, handoffIdSchema } from './console-protocol';
import { type ConsoleSessionCodec, sessionTokenFrom } from './console-session';
import { LoginLimiter } from './login-limiter';

/** One suggested answer for the agent (agent assist). */
export interface AssistSuggestion {
  title: string;
  text: string;
  score: number;
}

/** Finds suggested answers for the customer's last question (the FAQ retriever, once wired). */
export type AgentAssist = (question: string, skill: string) => Promise<AssistSuggestion[]>;

/** What the console's routes need. */
export interface ConsoleApiDeps {
  service: HandoffService;
  directory: AgentDirectory;
  presence: AgentPresence;
  transcripts: TranscriptStore;
  sessions: ConsoleSessionCodec;
  /** Adds `Secure` to the cookie (the public URL is https). */
  secureCookies: boolean;
  bodyLimitBytes: number;
  assist?: AgentAssist;
  now: () => number;
}

type Locals = { agent: AgentIdentity };

/**
 * The console's JSON API under `/console/api`: login and logout (signed http-only cookie), the
 * agent's queues, pick and claim (atomic), the conversation with its transcript and context,
 * reply, transfer, resolve, suggestions, and the supervisor view. Every body is validated with zod
 * and every failure is a coded error. State-changing requests must be `application/json`, which
 * a cross-site form cannot send (with the SameSite=Strict cookie, the CSRF defence).
 */
export function consoleApi(deps: ConsoleApiDeps): Router {
  const router = createRouter();
  const parse = jsonBody(deps.bodyLimitBytes);
  const post: Mount = (path, handler) => router.post(path, requireJson, parse, authenticate(deps), handler);
  const get: Mount = (path, handler) => router.get(path, authenticate(deps), handler);
  router.use('/console/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.post('/console/api/login', requireJson, parse, login(deps));
  mountAgentRoutes(deps, post, get);
  mountHandoffRoutes(deps, post, get);
  return router;
}

function login(deps: ConsoleApiDeps) {
  const limiter = new LoginLimiter(deps.now);
  return async (req: Request, res: Response): Promise<void> => {
    const { username, password } = body(consoleBodies.login, req.body);
    limiter.check(username);
    const agent = await deps.directory.authenticate(username, password);
    if (!agent) {
      limiter.failed(username);
      throw new ConsoleAuthError('Unknown user name or wrong password.');
    }
    limiter.succeeded(username);
    await deps.presence.setStatus(agent.id, 'online');
    res.setHeader(
      'Set-Cookie',
      deps.sessions.cookie(deps.sessions.issue(agent.id).token, deps.secureCookies),
    );
    res.status(200).json({ agent });
  };
}

function mountAgentRoutes(deps: ConsoleApiDeps, post: Mount, get: Mount): void {
  const { service, directory, presence } = deps;
  post('/console/api/logout', async (_req, res) => {
    await service.releaseAgent(res.locals.agent.id);
    await presence.setStatus(res.locals.agent.id, 'offline');
    res.setHeader('Set-Cookie', deps.sessions.clearCookie(deps.secureCookies));
    res.status(204).end();
  });
  get('/console/api/state', async (_req, res) => {
    res.json(await agentState(deps, res.locals.agent));
  });
  post('/console/api/presence', async (req, res) => {
    const { status } = body(consoleBodies.presence, req.body);
    res.json({ presence: await presence.setStatus(res.locals.agent.id, status) });
  });
  post('/console/api/pick', async (_req, res) => {
    res.json({ handoff: (await service.pickNext(res.locals.agent)) ?? null });
  });
  get('/console/api/supervisor', async (_req, res) => {
    if (res.locals.agent.role !== 'supervisor')
      throw new ConsoleForbiddenError('The supervisor view is for supervisors.');
    const sources = { skills: service.skills, directory, presence, now: deps.now() };
    res.json(
      await supervisorSnapshot({
        ...sources,
        depths: () => service.depths(),
        listOpen: () => service.listOpen(),
      }),
    );
  });
}

type Mount = (
  path: string,
  handler: (req: Request, res: Response<unknown, Locals>) => Promise<void>,
) => unknown;

function mountHandoffRoutes(deps: ConsoleApiDeps, post: Mount, get: Mount): void {
  const { service } = deps;
  get('/console/api/handoffs/:id', async (req, res) => {
    const handoff = await visible(deps, req, res.locals.agent);
    res.json({ handoff, transcript: await deps.transcripts.list(handoff.conversationId) });
  });
  post('/console/api/handoffs/:id/claim', async (req, res) => {
    const { agent } = res.locals;
    const handoff = await service.get(idOf(req));
    if (!handoff) throw new HandoffNotFoundError(idOf(req));
    // Skill, not visibility: a conversation someone else just took is a conflict (409), not a secret.
    if (agent.role !== 'supervisor' && !agent.skills.includes(handoff.skill)) {
      throw new ConsoleForbiddenError(`You do not serve the ${handoff.skill} queue.`);
    }
    res.json({ handoff: await service.claim(handoff.id, agent) });
  });
  post('/console/api/handoffs/:id/messages', async (req, res) => {
    const { text } = body(consoleBodies.message, req.body);
    res.status(201).json({ line: await service.reply(idOf(req), res.locals.agent, text) });
  });
  post('/console/api/handoffs/:id/transfer', async (req, res) => {
    const { skill } = body(consoleBodies.transfer, req.body);
    res.json({ handoff: await service.transfer(idOf(req), res.locals.agent, skill) });
  });
  post('/console/api/handoffs/:id/resolve', async (req, res) => {
    const { disposition } = body(consoleBodies.resolve, req.body);
    res.json({ handoff: await service.resolve(idOf(req), res.locals.agent, disposition) });
  });
  get('/console/api/handoffs/:id/suggestions', async (req, res) => {
    const handoff = await visible(deps, req, res.locals.agent);
    const lines = await deps.transcripts.list(handoff.conversationId);
    const question = [...lines].reverse().find((l) => l.role === 'customer')?.text ?? '';
    const suggestions = deps.assist && question ? await deps.assist(question, handoff.skill) : [];
    res.json({ available: deps.assist !== undefined, question, suggestions });
  });
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
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`,
  );
  throw new ValidationError(`Invalid request body: ${problems.join('; ')}.`);
}

function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type']?.toLowerCase() ?? '';
  next(type.startsWith('application/json') ? undefined : new UnsupportedMediaTypeError('application/json'));
}

function authenticate(deps: ConsoleApiDeps) {
  return (req: Request, res: Response<unknown, Locals>, next: NextFunction): void => {
    const session = deps.sessions.verify(sessionTokenFrom(req.headers));
    const agent = session && deps.directory.get(session.agentId);
    if (agent) res.locals.agent = agent;
    next(agent ? undefined : new ConsoleAuthError('You are not logged in, or your session expired.'));
  };
}
