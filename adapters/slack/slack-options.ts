import { z } from 'zod';
import type { SwitchboardConfig } from '../../src/config/schema';
import { ConfigError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import type { StateServices } from '../../src/state/ports';
import type { SlackInstallationStore } from './installation-store';
import type { SlackRetryOptions } from './slack-api';

/** What the customer is told, once per conversation, when they send only a file or an image. */
export const DEFAULT_NON_TEXT_NOTICE =
  'Sorry, I can only read text messages. Please type your question and I will do my best to help.';

/** How to switch the channel off, appended to every configuration problem. */
const DISABLE_HINT =
  'or disable the Slack channel with `channels.slack.enabled: false` (SLACK_ENABLED=false)';

/** Options of {@link SlackChannel}. */
export interface SlackChannelOptions {
  /** `SLACK_SIGNING_SECRET`: verifies every HTTP request. Required unless `socketMode` is set. */
  signingSecret?: string;
  /** `SLACK_BOT_TOKEN` (`xoxb-…`): the single-workspace case. Give this or `installations`. */
  botToken?: string;
  /** `SLACK_TEAM_ID`: restricts `botToken` to one workspace. */
  teamId?: string;
  /** Bot tokens per workspace (multi-workspace). Give this or `botToken`. */
  installations?: SlackInstallationStore;
  /** `SLACK_API_URL`: the Web API base URL (tests, proxies); default Slack's. */
  apiUrl?: string;
  /** Receive events over Socket Mode instead of HTTP (`SLACK_SOCKET_MODE` + `SLACK_APP_TOKEN`). */
  socketMode?: { appToken: string };
  /** Web API retries. */
  retry?: Partial<SlackRetryOptions>;
  /** Told once per conversation when a customer sends only a file; `false` stays silent. */
  nonTextNotice?: string | false;
  logger: Logger;
  /** Shared state: threads the bot takes part in (`storage`), notices sent once (`dedupe`). */
  state: Pick<StateServices, 'storage' | 'dedupe'>;
  /** Customer replies (`chat.postMessage`) go through it: 5xx and 429 retried from a queue, never sent twice. */
  outbound?: OutboundSender;
}

const retrySchema = z.strictObject({
  maxRateLimitRetries: z.int().min(0).optional(),
  maxRateLimitWaitMs: z.int().min(0).optional(),
  requestRetries: z.int().min(0).optional(),
  requestTimeoutMs: z.int().positive().optional(),
});

const optionsSchema = z.strictObject({
  signingSecret: z.string().min(1).optional(),
  botToken: z.string().min(1).optional(),
  teamId: z.string().min(1).optional(),
  installations: z
    .custom<SlackInstallationStore>(
      (v) => typeof (v as SlackInstallationStore | undefined)?.fetchBotToken === 'function',
      'must have a fetchBotToken(teamId) method',
    )
    .optional(),
  apiUrl: z.url({ protocol: /^https?$/ }).optional(),
  socketMode: z.strictObject({ appToken: z.string().min(1) }).optional(),
  retry: retrySchema.optional(),
  nonTextNotice: z.union([z.string().min(1), z.literal(false)]).optional(),
  logger: z.custom<Logger>(
    (v) => typeof (v as Logger | undefined)?.child === 'function',
    'must be a pino logger',
  ),
  state: z.custom<SlackChannelOptions['state']>(
    (v) => typeof v === 'object' && v !== null && 'storage' in v && 'dedupe' in v,
    'must provide storage and dedupe',
  ),
  outbound: z
    .custom<OutboundSender>(
      (v) => typeof (v as OutboundSender | undefined)?.send === 'function',
      'must be an OutboundSender',
    )
    .optional(),
});

/** Validated options. */
export type ParsedSlackChannelOptions = Readonly<z.output<typeof optionsSchema>>;

/**
 * Validates the Slack channel's options and reports every problem at once as a `ConfigError` that
 * names the environment variable to set and how to disable the channel instead.
 */
export function parseSlackChannelOptions(options: SlackChannelOptions): ParsedSlackChannelOptions {
  const result = optionsSchema.safeParse(options);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)),
    ...crossCheck(options),
  ];
  if (!result.success || problems.length > 0) {
    throw new ConfigError(
      `Invalid Slack channel configuration (${problems.length} problem(s)):\n- ${problems.join('\n- ')}`,
    );
  }
  return Object.freeze(result.data);
}

function crossCheck(options: Partial<SlackChannelOptions>): string[] {
  const problems: string[] = [];
  if (!options.signingSecret && !options.socketMode) {
    problems.push(
      `SLACK_SIGNING_SECRET is not set: Slack requests cannot be verified. Set it to the app's Signing Secret (api.slack.com/apps → Basic Information → App Credentials), use Socket Mode (SLACK_SOCKET_MODE=true with SLACK_APP_TOKEN), ${DISABLE_HINT}.`,
    );
  }
  if (!options.botToken && !options.installations) {
    problems.push(
      `SLACK_BOT_TOKEN is not set: the bot cannot post replies. Set it to the Bot User OAuth Token (xoxb-…, OAuth & Permissions), give an installation store for several workspaces, ${DISABLE_HINT}.`,
    );
  }
  if (options.botToken && options.installations) {
    problems.push(
      'Give either botToken (SLACK_BOT_TOKEN) or installations, not both: which token wins would be a guess.',
    );
  }
  if (options.teamId && !options.botToken) {
    problems.push(
      'SLACK_TEAM_ID only restricts SLACK_BOT_TOKEN; with an installation store, each workspace has its own token.',
    );
  }
  return problems;
}

/** True when the configuration asks for the Slack channel (see `channels.slack.enabled`). */
export function isSlackEnabled(config: SwitchboardConfig): boolean {
  const slack = config.channels.slack;
  if (slack.enabled !== undefined) return slack.enabled;
  return Boolean(slack.signingSecret || slack.botToken || slack.appToken || slack.socketMode);
}

/**
 * The channel's options from the validated configuration (environment variables), for the
 * single-workspace deployment. `SLACK_SOCKET_MODE=true` without `SLACK_APP_TOKEN` is a `ConfigError`.
 */
export function slackOptionsFromConfig(
  config: SwitchboardConfig,
  runtime: { logger: Logger; state: SlackChannelOptions['state']; outbound?: OutboundSender },
): SlackChannelOptions {
  const slack = config.channels.slack;
  if (slack.socketMode && !slack.appToken) {
    throw new ConfigError(
      `SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…, scope connections:write, Basic Information → App-Level Tokens). Set it, unset SLACK_SOCKET_MODE to receive events over HTTP, ${DISABLE_HINT}.`,
    );
  }
  return {
    signingSecret: slack.signingSecret,
    botToken: slack.botToken,
    teamId: slack.teamId,
    apiUrl: slack.apiUrl,
    socketMode: slack.socketMode && slack.appToken ? { appToken: slack.appToken } : undefined,
    logger: runtime.logger,
    state: runtime.state,
    ...(runtime.outbound ? { outbound: runtime.outbound } : {}),
  };
}
