import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationState, type Middleware, type Storage, UserState } from 'botbuilder-core';
import type { Router } from 'express';
import type { BotLogic } from '../../adapters/channel-adapter';
import { inboundSchemas } from '../../adapters/webchat/protocol';
import { webChatRoutes } from '../../adapters/webchat/routes';
import { generateEphemeralSecret, WebChatTokenService } from '../../adapters/webchat/session-token';
import {
  DEFAULT_HELLO_TIMEOUT_MS,
  WEBCHAT_SOCKET_PATH,
  WebChatSocketHub,
} from '../../adapters/webchat/socket-hub';
import { webChatStaticRoutes } from '../../adapters/webchat/static-routes';
import { WebChatAdapter } from '../../adapters/webchat/webchat-adapter';
import { MemoryTranscriptStore, type TranscriptStore } from '../analytics/transcript-store';
import { ConversationReferenceStore } from '../bot/conversation-reference-store';
import { ChoiceInputMiddleware } from '../bot/middleware/choice-input';
import { installPipeline } from '../bot/pipeline';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';
import { createApp } from './create-app';
import type { ReadinessCheck } from './readiness';
import { TurnTracker } from './turn-tracker';

/** What the bot factory receives: the shared stores and state the bot lives in. */
export interface BotFactoryContext {
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
}

/** Options of {@link SwitchboardServer}. */
export interface SwitchboardServerOptions {
  config: SwitchboardConfig;
  logger: Logger;
  state: StateServices;
  /** Builds the bot's turn logic. */
  bot: (context: BotFactoryContext) => BotLogic;
  transcripts?: TranscriptStore;
  /** Middleware right after the transcript, before choice input (the handoff gate). */
  gate?: Middleware[];
  /** Middleware after choice input, before the bot (NLU), in order. */
  inner?: Middleware[];
  /** Extra readiness checks (models loaded, ...). */
  readiness?: ReadinessCheck[];
  /** Extra routers mounted before the web chat's (channels with their own body parsing). */
  routers?: Router[];
  /** Called once when the server closes (stop watchers, close models). */
  onClose?: () => Promise<void>;
}

/**
 * One Switchboard process: HTTP + WebSocket on one port, the turn pipeline on every channel
 * adapter, and an idempotent, draining `close()`.
 *
 * @example
 * const server = new SwitchboardServer({ config, logger, state, bot: (ctx) => createAcmeBot({ ...ctx, readIntent }) });
 * await server.start();
 */
export class SwitchboardServer {
  readonly tracker = new TurnTracker();
  readonly webchat: WebChatAdapter;
  readonly references: ConversationReferenceStore;
  /** The bot's turn logic, as built by the `bot` factory. */
  readonly logic: BotLogic;
  private readonly http: Server;
  private readonly hub: WebChatSocketHub;
  private readonly transcripts: TranscriptStore;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SwitchboardServerOptions) {
    const { config, logger, state } = options;
    const transcripts = options.transcripts ?? new MemoryTranscriptStore();
    this.transcripts = transcripts;
    this.references = new ConversationReferenceStore(state.storage);
    const publicBaseUrl = config.server.publicBaseUrl ?? `http://localhost:${config.server.port}`;
    this.webchat = new WebChatAdapter({ replies: state.replies, bus: state.bus, publicBaseUrl });
    const conversationState = new ConversationState(state.storage);
    const userState = new UserState(state.storage);
    const choiceInput = new ChoiceInputMiddleware(conversationState.createProperty('offeredChoices'));
    installPipeline(this.webchat, {
      logger,
      state,
      references: this.references,
      transcripts,
      turnLock: config.turnLock,
      inner: [...(options.gate ?? []), choiceInput, ...(options.inner ?? [])],
    });
    const logic = options.bot({ storage: state.storage, conversationState, userState, logger });
    this.logic = logic;
    const tokens = new WebChatTokenService({
      secrets: config.webchat.tokenSecrets ?? [generateEphemeralSecret()],
      ttlMs: config.webchat.tokenTtlMs,
    });
    const schemas = inboundSchemas(config.webchat.maxTextChars);
    const shared = { adapter: this.webchat, tokens, logic, schemas, tracker: this.tracker };
    this.hub = new WebChatSocketHub({
      ...shared,
      logger,
      subscribe: (channel, handler) => state.bus.subscribe(channel, handler),
      helloTimeoutMs: DEFAULT_HELLO_TIMEOUT_MS,
    });
    const app = createApp({
      logger,
      tracker: this.tracker,
      readiness: [
        { name: 'state', probe: () => state.ready().then(() => true) },
        ...(options.readiness ?? []),
      ],
      routers: [
        ...(options.routers ?? []),
        webChatRoutes({ ...shared, bodyLimitBytes: config.server.bodyLimitBytes }),
        webChatStaticRoutes(),
      ],
    });
    this.http = createServer(app);
    this.http.on('upgrade', (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === WEBCHAT_SOCKET_PATH) return this.hub.handleUpgrade(request, socket, head);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const { port, host } = this.options.config.server;
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.options.logger.info({ port: this.port, host }, 'switchboard listening');
    return this.port;
  }

  /** The bound port. */
  get port(): number {
    return (this.http.address() as AddressInfo | null)?.port ?? this.options.config.server.port;
  }

  /**
   * Graceful shutdown, idempotent: stop accepting, let in-flight turns finish (bounded by
   * `server.shutdownTimeoutMs`), close sockets with "service restart", then close the stores.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const { logger, config, state } = this.options;
    logger.info({ inFlight: this.tracker.size }, 'shutting down');
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await this.tracker.close(config.server.shutdownTimeoutMs);
    await this.hub.close();
    this.http.closeAllConnections();
    await stopped;
    await this.options.onClose?.();
    await this.transcripts.close();
    await state.close();
    logger.info('shut down');
  }
}
