import {
  type AuthorizeResult,
  type AuthorizeSourceData,
  ExpressReceiver,
  SocketModeReceiver,
} from '@slack/bolt';
import { Router as createRouter, type Router } from 'express';
import { ShuttingDownError, SlackWorkspaceUnknownError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import { sharedRateLimits } from '../../src/security/shared-rate-limits';
import type { ChannelPlugin, ChannelRuntime } from '../../src/server/channel-plugin';
import type { ReadinessCheck } from '../../src/server/readiness';
import { boltLevelOf, boltLoggerOf } from './bolt-logger';
import { EnvInstallationStore, type SlackInstallationStore } from './installation-store';
import { SlackAdapter } from './slack-adapter';
import { SlackApi } from './slack-api';
import { SlackBoltApp } from './slack-bolt-app';
import { type SlackDeskRoute, SlackInbound } from './slack-inbound';
import {
  DEFAULT_NON_TEXT_NOTICE,
  isSlackEnabled,
  type ParsedSlackChannelOptions,
  parseSlackChannelOptions,
  type SlackChannelOptions,
  slackOptionsFromConfig,
} from './slack-options';
import { slackRequestGuard } from './slack-request-guard';
import { SlackThreadRegistry } from './thread-registry';

/** Where Slack sends Events API requests and interactivity (button clicks): one URL for both. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's largest payloads (a click carries the whole message) stay far below this. */
const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The Slack channel as the server mounts it. Over HTTP, Bolt's `ExpressReceiver` router is mounted
 * at {@link SLACK_EVENTS_PATH} before any body parser: it verifies the signature on the raw body,
 * refuses requests older than 5 minutes (401), answers URL verification, and acknowledges events
 * at once; turns run afterwards. With `socketMode`, Bolt's `SocketModeReceiver` connects to Slack
 * instead and no HTTP route is mounted.
 *
 * @example
 * new SwitchboardServer({ ..., channels: [(runtime) => new SlackChannel({ signingSecret, botToken, logger: runtime.logger, state: runtime.state })] });
 */
export class SlackChannel implements ChannelPlugin {
  readonly adapter: SlackAdapter;
  readonly api: SlackApi;
  /** `http` (Events API requests) or `socket` (Socket Mode). */
  readonly mode: 'http' | 'socket';
  private readonly options: ParsedSlackChannelOptions;
  /** Where each workspace's bot token comes from (the agent desk posts with it too). */
  readonly installations: SlackInstallationStore;
  private readonly threads: SlackThreadRegistry;
  private readonly receiver: ExpressReceiver | SocketModeReceiver;
  private readonly app: SlackBoltApp;
  private readonly log: Logger;
  private bound = false;
  private desk: SlackDeskRoute | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: SlackChannelOptions) {
    this.options = parseSlackChannelOptions(options);
    const { logger, state } = this.options;
    this.log = logger.child({ channel: 'slack' });
    this.installations = this.options.installations ?? envInstallations(this.options);
    this.api = new SlackApi({ apiUrl: this.options.apiUrl, logger, retry: this.options.retry });
    this.threads = new SlackThreadRegistry(state.storage);
    this.adapter = new SlackAdapter({
      api: this.api,
      installations: this.installations,
      threads: this.threads,
      logger: this.log,
      outbound: this.options.outbound,
    });
    this.mode = this.options.socketMode ? 'socket' : 'http';
    this.receiver = this.createReceiver();
    this.app = new SlackBoltApp(
      {
        receiver: this.receiver,
        authorize: (source) => this.authorize(source),
        logger: boltLoggerOf(logger),
        logLevel: boltLevelOf(logger.level),
        clientOptions: { slackApiUrl: this.api.apiUrl },
      },
      this.log,
    );
  }

  /** Over HTTP: Bolt's router at `/slack/events`. In Socket Mode: no routes. */
  routes(runtime: ChannelRuntime): Router {
    this.bind(runtime);
    const router = createRouter();
    if (this.receiver instanceof ExpressReceiver) {
      // While draining for shutdown, refuse with 503 so Slack retries (against another process).
      router.post(SLACK_EVENTS_PATH, (_req, _res, next) =>
        next(runtime.tracker.isClosing ? new ShuttingDownError() : undefined),
      );
      router.post(
        SLACK_EVENTS_PATH,
        slackRequestGuard({
          signingSecret: this.options.signingSecret ?? '',
          bodyLimitBytes: SLACK_BODY_LIMIT_BYTES,
          dedupe: runtime.state.dedupe,
          limits: sharedRateLimits(runtime),
        }),
      );
      router.use(this.receiver.router);
    }
    return router;
  }

  /**
   * Routes the agent desk's payloads (messages in desk channels, its buttons, its slash command)
   * to `desk` before the customer bot sees anything (adapters/slack/desk).
   */
  attachDesk(desk: SlackDeskRoute): void {
    this.desk = desk;
  }

  /** In Socket Mode, ready while the socket is open. */
  readiness(): ReadinessCheck[] {
    const receiver = this.receiver;
    if (!(receiver instanceof SocketModeReceiver)) return [];
    return [{ name: 'slack-socket', probe: () => receiver.client.websocket?.isActive() === true }];
  }

  /** In Socket Mode, opens the connection to Slack. */
  async start(runtime: ChannelRuntime): Promise<void> {
    this.bind(runtime);
    if (this.receiver instanceof SocketModeReceiver) {
      await this.receiver.start();
      this.log.info('slack socket mode connected');
    }
  }

  /** Closes the Socket Mode connection; idempotent. In-flight turns were drained by the server. */
  close(): Promise<void> {
    // The receiver's stop() does not wait for the close handshake; the client's disconnect() does.
    this.closing ??=
      this.receiver instanceof SocketModeReceiver ? this.receiver.client.disconnect() : Promise.resolve();
    return this.closing;
  }

  private bind(runtime: ChannelRuntime): void {
    if (this.bound) return;
    this.bound = true;
    this.app.refuseWhile(() => runtime.tracker.isClosing);
    const nonTextNotice = this.options.nonTextNotice ?? DEFAULT_NON_TEXT_NOTICE;
    new SlackInbound({
      adapter: this.adapter,
      threads: this.threads,
      installations: this.installations,
      dedupe: this.options.state.dedupe,
      runtime,
      serviceUrl: this.api.apiUrl,
      nonTextNotice,
      desk: () => this.desk,
    }).register(this.app);
  }

  private createReceiver(): ExpressReceiver | SocketModeReceiver {
    const logger = boltLoggerOf(this.options.logger);
    if (this.options.socketMode) {
      return new SocketModeReceiver({
        appToken: this.options.socketMode.appToken,
        logger,
        installerOptions: { clientOptions: { slackApiUrl: this.api.apiUrl } },
      });
    }
    return new ExpressReceiver({
      signingSecret: this.options.signingSecret ?? '',
      logger,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      bodyLimit: SLACK_BODY_LIMIT_BYTES,
    });
  }

  /** Bolt's authorize: the workspace's bot token and the bot's identity (cached `auth.test`). */
  private async authorize(source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> {
    const teamId = source.teamId ?? source.enterpriseId;
    const botToken = teamId ? await this.installations.fetchBotToken(teamId) : undefined;
    if (!teamId || !botToken) throw new SlackWorkspaceUnknownError(teamId ?? '(none)');
    const bot = await this.api.identity(botToken);
    return { botToken, botUserId: bot.userId, botId: bot.botId, teamId };
  }
}

function envInstallations(options: ParsedSlackChannelOptions): SlackInstallationStore {
  return new EnvInstallationStore({ botToken: options.botToken ?? '', teamId: options.teamId });
}

/**
 * The channel factory for `SwitchboardServer`'s `channels` option, from configuration; undefined
 * when the configuration does not ask for Slack (see `channels.slack.enabled`).
 *
 * @example
 * const slack = createSlackChannelFromConfig(config);
 * new SwitchboardServer({ ..., channels: slack ? [slack] : [] });
 */
export function createSlackChannelFromConfig(
  config: ChannelRuntime['config'],
): ((runtime: Pick<ChannelRuntime, 'state' | 'logger' | 'outbound'>) => SlackChannel) | undefined {
  if (!isSlackEnabled(config)) return undefined;
  return (runtime) => new SlackChannel(slackOptionsFromConfig(config, runtime));
}
