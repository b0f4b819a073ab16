import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationState, Middleware, UserState } from 'botbuilder-core';
import type { Router } from 'express';
import type { BotLogic, ChannelAdapter } from '../../adapters/channel-adapter';
import { WebChatChannel } from '../../adapters/webchat/webchat-channel';
import { MemoryTranscriptStore, type TranscriptStore } from '../analytics/transcript-store';
import { type BotFactoryContext, createBotRuntime } from '../bot/bot-runtime';
import { ConversationReferenceStore } from '../bot/conversation-reference-store';
import type { SwitchboardConfig } from '../config/schema';
import { UnsupportedActivityError } from '../errors';
import type { Logger } from '../logging/logger';
import type { OutboundSender } from '../outbound/outbound-sender';
import { type ProcessRole, runsWeb, runsWorkers } from '../scale/process-role';
import { type WorkerHook, WorkerHooks } from '../scale/worker-hooks';
import { MAX_ANY_BODY_BYTES, refuseOversizedBody } from '../security/body-cap';
import type { StateServices } from '../state/ports';

export type { BotFactoryContext } from '../bot/bot-runtime';

import type { ChannelPlugin, ChannelRuntime, UpgradeHandler } from './channel-plugin';
import { createApp } from './create-app';
import { fastRouter, sendError } from './http/fast-route';
import type { ReadinessCheck } from './readiness';
import { TurnTracker } from './turn-tracker';

/** Options of {@link SwitchboardServer}. */
export interface SwitchboardServerOptions {
  config: SwitchboardConfig;
  logger: Logger;
  state: StateServices;
  /** Builds the bot's turn logic. */
  bot: (context: BotFactoryContext) => BotLogic;
  /** Channels besides web chat (always mounted), built with the runtime they need. */
  channels?: Array<
    (
      runtime: Pick<ChannelRuntime, 'state' | 'publicBaseUrl' | 'logger' | 'config' | 'outbound'>,
    ) => ChannelPlugin
  >;
  transcripts?: TranscriptStore;
  /** Middleware right after the transcript, before choice input (the handoff gate). */
  gate?: Middleware[];
  /** Middleware after choice input, before the bot (NLU), in order. */
  inner?: Middleware[];
  /** Middleware around the whole pipeline, before the error boundary (turn metrics). */
  outer?: Middleware[];
  /** Extra readiness checks (models loaded, ...). */
  readiness?: ReadinessCheck[];
  /** Extra routers (agent console, admin API), mounted after the channels'. */
  routers?: Router[];
  /** Called once when the server closes (stop watchers, close models). */
  onClose?: () => Promise<void>;
  /** Extra parts with routes, sockets and a lifecycle (agent console, handoff relay), built with the server. */
  modules?: Array<(server: SwitchboardServer) => ServerModule>;
  /**
   * Which parts this process starts (default `all`): `web` serves HTTP, webhooks and sockets;
   * `worker` runs the worker hooks (queue consumers) and serves only `/healthz` and `/readyz`.
   */
  role?: ProcessRole;
  /** Platform sends with retries (SMS, Slack); its retry consumer runs as a worker hook. */
  outbound?: OutboundSender;
}

/**
 * An extra part of the server: its routes (mounted after the channels'), WebSocket paths,
 * readiness checks and lifecycle. Built by a factory that receives the server, so it can reach
 * `adapterFor`, `references` and `logic`.
 */
export interface ServerModule {
  routes?(): Router;
  upgrades?(): Record<string, UpgradeHandler>;
  readiness?(): ReadinessCheck[];
  /** Called after the channels started. */
  start?(): Promise<void>;
  /** Called on shutdown after the channels closed, before the stores; idempotent. */
  close?(): Promise<void>;
  /** Queue consumers, started only in worker processes (`role` worker or all). */
  workers?(): WorkerHook[];
}

/**
 * One Switchboard process: HTTP and WebSockets on one port, the same turn pipeline on every
 * channel adapter, and an idempotent, draining `close()`.
 *
 * @example
 * const server = new SwitchboardServer({ config, logger, state, bot: (ctx) => createAcmeBot({ ...ctx, readIntent }) });
 * await server.start();
 */
export class SwitchboardServer {
  readonly tracker = new TurnTracker();
  /** Queue consumers of this process; capabilities register theirs before `start()`. */
  readonly workers = new WorkerHooks();
  /** What this process runs. */
  readonly role: ProcessRole;
  readonly references: ConversationReferenceStore;
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  /** The bot's turn logic, as built by the `bot` factory. */
  readonly logic: BotLogic;
  readonly webchat: WebChatChannel['adapter'];
  private readonly channels: ChannelPlugin[];
  private readonly modules: ServerModule[];
  private readonly runtime: ChannelRuntime;
  private readonly http: Server;
  private readonly transcripts: TranscriptStore;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SwitchboardServerOptions) {
    const { config, logger, state } = options;
    this.role = options.role ?? 'all';
    this.transcripts = options.transcripts ?? new MemoryTranscriptStore();
    this.references = new ConversationReferenceStore(state.storage);
    const runtime = createBotRuntime({
      logger,
      state,
      references: this.references,
      transcripts: this.transcripts,
      turnLock: config.turnLock,
      bot: options.bot,
      gate: options.gate,
      inner: options.inner,
      outer: options.outer,
    });
    this.conversationState = runtime.conversationState;
    this.userState = runtime.userState;
    this.logic = runtime.logic;
    const publicBaseUrl = config.server.publicBaseUrl ?? `http://localhost:${config.server.port}`;
    const base = { state, publicBaseUrl, logger, config, outbound: options.outbound };
    const webchat = new WebChatChannel(base);
    this.webchat = webchat.adapter;
    this.channels = [...(options.channels ?? []).map((create) => create(base)), webchat];
    this.runtime = { ...base, logic: this.logic, tracker: this.tracker };
    for (const channel of this.channels) channel.adapter.use(...runtime.pipeline);
    this.modules = (options.modules ?? []).map((create) => create(this));
    this.registerWorkers();
    this.http = this.createHttpServer();
  }

  /** The adapter of a channel, for proactive messages (agent replies, queue updates). */
  adapterFor(channelId: string): ChannelAdapter {
    const channel = this.channels.find((c) => c.adapter.channelId === channelId);
    if (!channel) throw new UnsupportedActivityError(`No channel "${channelId}" is mounted on this server.`);
    return channel.adapter;
  }

  /** A mounted channel, by its adapter's channel id (for modules that extend a channel, e.g. the Slack agent desk). */
  channel(channelId: string): ChannelPlugin | undefined {
    return this.channels.find((c) => c.adapter.channelId === channelId);
  }

  /** Starts listening, then starts the channels; resolves with the bound port (useful with port 0). */
  async start(): Promise<number> {
    const { port, host } = this.options.config.server;
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    if (runsWeb(this.role)) {
      for (const channel of this.channels) await channel.start?.(this.runtime);
      for (const module of this.modules) await module.start?.();
    }
    if (runsWorkers(this.role)) await this.workers.start();
    this.options.logger.info(
      { port: this.port, host, role: this.role, workers: runsWorkers(this.role) ? this.workers.names : [] },
      'switchboard listening',
    );
    return this.port;
  }

  /** The bound port. */
  get port(): number {
    return (this.http.address() as AddressInfo | null)?.port ?? this.options.config.server.port;
  }

  /**
   * Graceful shutdown, idempotent: stop accepting, let in-flight turns finish (bounded by
   * `server.shutdownTimeoutMs`), close channels (sockets get "service restart"), then the stores.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private registerWorkers(): void {
    const { outbound } = this.options;
    for (const hook of this.modules.flatMap((m) => m.workers?.() ?? [])) void this.workers.register(hook);
    if (outbound) {
      void this.workers.register({
        name: 'outbound-retries',
        start: () => outbound.consume(),
        close: async () => {},
      });
    }
  }

  private createHttpServer(): Server {
    const { state, logger } = this.options;
    // A worker serves health and readiness only: no channel, console or webhook route.
    const web = runsWeb(this.role);
    const app = createApp({
      logger,
      tracker: this.tracker,
      readiness: [
        { name: 'state', probe: () => state.ready().then(() => true) },
        ...this.channels.flatMap((c) => c.readiness?.() ?? []),
        ...(this.options.readiness ?? []),
        ...this.modules.flatMap((m) => m.readiness?.() ?? []),
      ],
      routers: web
        ? [
            ...this.channels.map((c) => c.routes(this.runtime)),
            ...(this.options.routers ?? []),
            ...this.modules.flatMap((m) => (m.routes ? [m.routes()] : [])),
          ]
        : [],
    });
    const upgrades: Record<string, UpgradeHandler> = web
      ? Object.assign(
          {},
          ...this.channels.map((c) => c.upgrades?.(this.runtime) ?? {}),
          ...this.modules.map((m) => m.upgrades?.() ?? {}),
        )
      : {};
    const fast = fastRouter(web ? this.channels.flatMap((c) => c.fastRoutes?.(this.runtime) ?? []) : []);
    const bodyCap = Math.max(this.options.config.server.bodyLimitBytes, MAX_ANY_BODY_BYTES);
    const server = createServer((req, res) => {
      if (refuseOversizedBody(req, res, bodyCap)) return;
      const route = fast(req);
      if (!route) return app(req, res);
      route.handle(req, res).catch((error: unknown) => sendError(res, error, logger));
    });
    server.on('upgrade', (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const handler = upgrades[path];
      if (handler) return handler(request, socket, head);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
    return server;
  }

  private async shutdown(): Promise<void> {
    const { logger, config, state } = this.options;
    logger.info({ inFlight: this.tracker.size }, 'shutting down');
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await this.tracker.close(config.server.shutdownTimeoutMs);
    // Stop consuming before the channels close: a running job finishes, no new one starts.
    await this.workers.close();
    for (const channel of this.channels) await channel.close?.();
    for (const module of this.modules) await module.close?.();
    this.http.closeAllConnections();
    await stopped;
    await this.options.onClose?.();
    await this.options.outbound?.close();
    await this.transcripts.close();
    await state.close();
    logger.info('shut down');
  }
}
