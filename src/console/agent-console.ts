import { Router as createRouter, type Router } from 'express';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { AgentPresence } from '../handoff/agent-presence';
import type { AgentDirectory } from '../handoff/agents';
import type { HandoffService } from '../handoff/handoff-service';
import type { Logger } from '../logging/logger';
import type { UpgradeHandler } from '../server/channel-plugin';
import type { MessageBus } from '../state/ports';
import { type AgentAssist, consoleApi } from './console-api';
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

  constructor(options: AgentConsoleOptions) {
    const now = options.now ?? Date.now;
    const sessions = new ConsoleSessionCodec({
      secrets: options.sessionSecrets,
      ttlMs: options.sessionTtlMs,
      now,
    });
    const publicOrigin = options.publicBaseUrl ? new URL(options.publicBaseUrl).origin : undefined;
    this.hub = new ConsoleSocketHub({
      ...options,
      sessions,
      allowedOrigins: publicOrigin ? [publicOrigin] : [],
      now,
    });
    this.router = createRouter();
    this.router.use(
      consoleApi({ ...options, sessions, secureCookies: publicOrigin?.startsWith('https:') ?? false, now }),
    );
    this.router.use(consoleStaticRoutes());
  }

  routes(): Router {
    return this.router;
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
