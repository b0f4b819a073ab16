import type { Router } from 'express';
import { Router as createRouter } from 'express';
import { sharedRateLimits } from '../../src/security/shared-rate-limits';
import type { ChannelPlugin, ChannelRuntime, UpgradeHandler } from '../../src/server/channel-plugin';
import type { FastRoute } from '../../src/server/http/fast-route';
import { inboundSchemas } from './protocol';
import { webChatMessageRoute, webChatRoutes } from './routes';
import { generateEphemeralSecret, WebChatTokenService } from './session-token';
import { DEFAULT_HELLO_TIMEOUT_MS, WEBCHAT_SOCKET_PATH, WebChatSocketHub } from './socket-hub';
import { webChatStaticRoutes } from './static-routes';
import { WebChatAdapter } from './webchat-adapter';

/**
 * The web chat channel as the server mounts it: the adapter, the session and message routes, the
 * widget and demo page, and the socket at `/webchat/socket`.
 */
export class WebChatChannel implements ChannelPlugin {
  readonly adapter: WebChatAdapter;
  private hub: WebChatSocketHub | undefined;
  private tokens: WebChatTokenService | undefined;

  constructor(
    runtimeState: Pick<ChannelRuntime, 'state' | 'publicBaseUrl'> & Partial<Pick<ChannelRuntime, 'logger'>>,
  ) {
    this.adapter = new WebChatAdapter({
      replies: runtimeState.state.replies,
      bus: runtimeState.state.bus,
      publicBaseUrl: runtimeState.publicBaseUrl,
      logger: runtimeState.logger,
    });
  }

  routes(runtime: ChannelRuntime): Router {
    const shared = this.shared(runtime);
    const router = createRouter();
    router.use(webChatRoutes({ ...shared, bodyLimitBytes: runtime.config.server.bodyLimitBytes }));
    router.use(webChatStaticRoutes({ hsts: runtime.publicBaseUrl.startsWith('https:') }));
    return router;
  }

  fastRoutes(runtime: ChannelRuntime): FastRoute[] {
    return [
      webChatMessageRoute({ ...this.shared(runtime), bodyLimitBytes: runtime.config.server.bodyLimitBytes }),
    ];
  }

  upgrades(runtime: ChannelRuntime): Record<string, UpgradeHandler> {
    const limits = sharedRateLimits(runtime);
    this.hub ??= new WebChatSocketHub(
      {
        ...this.shared(runtime),
        logger: runtime.logger,
        subscribe: (channel, handler) => runtime.state.bus.subscribe(channel, handler),
        helloTimeoutMs: DEFAULT_HELLO_TIMEOUT_MS,
      },
      (request) => {
        const ip = limits.ipOf(request);
        return async (session) => {
          await limits.consume('webchatMessagePerIp', ip, ip);
          await limits.consume('webchatMessagePerConversation', session.conversationId, ip);
        };
      },
    );
    const hub = this.hub;
    return { [WEBCHAT_SOCKET_PATH]: (request, socket, head) => hub.handleUpgrade(request, socket, head) };
  }

  async close(): Promise<void> {
    await this.hub?.close();
  }

  private shared(runtime: ChannelRuntime) {
    this.tokens ??= new WebChatTokenService({
      secrets: runtime.config.webchat.tokenSecrets ?? [generateEphemeralSecret()],
      ttlMs: runtime.config.webchat.tokenTtlMs,
    });
    return {
      adapter: this.adapter,
      tokens: this.tokens,
      logic: runtime.logic,
      schemas: inboundSchemas(runtime.config.webchat.maxTextChars),
      tracker: runtime.tracker,
      limits: sharedRateLimits(runtime),
      allowedOrigins: runtime.config.security.webchatAllowedOrigins,
    };
  }
}
