import { Router as createRouter, type RequestHandler, type Router } from 'express';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { AuditLog } from '../audit/audit-log';
import type { AgentPresence } from '../handoff/agent-presence';
import type { AgentDirectory, AgentRole } from '../handoff/agents';
import type { HandoffService } from '../handoff/handoff-service';
import type { Logger } from '../logging/logger';
import { sameOriginOnly } from '../security/csrf';
import { RateLimits } from '../security/rate-limits';
import { requireRole } from '../security/require-role';
import { securitySchema } from '../security/security-config';
import { SessionRevocations } from '../security/session-revocations';
import type { UpgradeHandler } from '../server/channel-plugin';
import type { MessageBus } from '../state/ports';
import { type AgentAssist, type CustomerProfileLookup, consoleApi } from './console-api';
import { consoleAuthenticator } from './console-auth';
import { ConsoleSessionCodec } from './console-session';
import { CONSOLE_SOCKET_PATH, ConsoleSocketHub } from './console-socket-hub';
import { consoleStaticRoutes } from './console-static';

/** Options of {@link AgentConsole}. */
export interface AgentConsoleOptions {
  service: HandoffService;
  directory: AgentDirectory;
  presence: AgentPresence;
  bus: MessageBus;
  /** The bot's transcripts (PII-redacted), shown beside the chat. */
  transcripts: TranscriptStore;
  /** Session signing secrets (see `consoleSessionSecrets`). */
  sessionSecrets: readonly string[];
  sessionTtlMs: number;
  /** The deployment's public base URL: its origin may open the socket, and https makes cookies `Secure`. */
  publicBaseUrl?: string;
  bodyLimitBytes: number;
  /** Suggested answers from the FAQ retriever (agent assist); omitted: the panel says so. */
  assist?: AgentAssist;
  /** Profiles for the Customer panel (analytics); omitted: the panel says history is not recorded. */
  customerProfile?: CustomerProfileLookup;
  /** Login limits and lockouts; default: the default limits, in this process's memory. */
  limits?: RateLimits;
  /** Sessions ended by logout; default: in this process's memory (use Redis with several processes). */
  revocations?: SessionRevocations;
  /** Where logins, claims, transfers, resolves and transcript views are recorded. */
  audit?: AuditLog;
  logger: Logger;
  now?: () => number;
}

/**
 * The agent console, served by our own server: the static UI at `/console/`, the JSON API at
 * `/console/api`, live updates and chat at `/console/socket`. Mount it with `handoffModule`
 * (src/bot/handoff), which also starts and closes it with the server.
 */
export class AgentConsole {
  private readonly hub: ConsoleSocketHub;
  private readonly router: Router;
  private readonly authenticator: RequestHandler;
  private readonly csrf: RequestHandler;

  constructor(options: AgentConsoleOptions) {
    const now = options.now ?? Date.now;
    const sessions = new ConsoleSessionCodec({
      secrets: options.sessionSecrets,
      ttlMs: options.sessionTtlMs,
      now,
    });
    const publicOrigin = options.publicBaseUrl ? new URL(options.publicBaseUrl).origin : undefined;
    const allowedOrigins = publicOrigin ? [publicOrigin] : [];
    const revocations = options.revocations ?? new SessionRevocations({}, now);
    const limits =
      options.limits ??
      new RateLimits({ security: securitySchema().parse(undefined), env: 'development', state: {} });
    const secureCookies = publicOrigin?.startsWith('https:') ?? false;
    this.hub = new ConsoleSocketHub({ ...options, sessions, revocations, allowedOrigins, now });
    this.authenticator = consoleAuthenticator({ sessions, directory: options.directory, revocations });
    this.csrf = sameOriginOnly(allowedOrigins);
    this.router = createRouter();
    this.router.use(
      consoleApi({ ...options, sessions, revocations, limits, allowedOrigins, secureCookies, now }),
    );
    this.router.use(consoleStaticRoutes({ hsts: secureCookies }));
  }

  routes(): Router {
    return this.router;
  }

  /**
   * Middleware for routes mounted beside the console (the admin API under `/console/api/admin`,
   * where the session cookie is sent): CSRF check on state-changing methods, the session, then the
   * role. 401 without a session, 403 with another role or from another site.
   *
   * @example router.post('/console/api/admin/customers/erase', ...agentConsole.guard('admin'), jsonBody(limit), erase);
   */
  guard(...roles: AgentRole[]): RequestHandler[] {
    const csrf: RequestHandler = (req, res, next) =>
      req.method === 'GET' || req.method === 'HEAD' ? next() : this.csrf(req, res, next);
    return [csrf, this.authenticator, requireRole(...roles)];
  }

  upgrades(): Record<string, UpgradeHandler> {
    return {
      [CONSOLE_SOCKET_PATH]: (request, socket, head) => this.hub.handleUpgrade(request, socket, head),
    };
  }

  start(): Promise<void> {
    return this.hub.start();
  }

  close(): Promise<void> {
    return this.hub.close();
  }
}
