import { SlackWorkspaceUnknownError } from '../../../src/errors';
import type { Logger } from '../../../src/logging/logger';
import type { SlackInstallationStore } from '../installation-store';
import type { SlackApi, SlackPostMessage } from '../slack-api';

/**
 * The workspace asked for when the desk has no `teamId`: only a single-workspace installation
 * (`SLACK_BOT_TOKEN` without `SLACK_TEAM_ID`) answers it, which is exactly that case.
 */
const ANY_WORKSPACE = 'single-workspace';

/** Options of {@link DeskPoster}. */
export interface DeskPosterOptions {
  api: SlackApi;
  installations: SlackInstallationStore;
  /** The desk's workspace (default for posts that do not come from an event). */
  teamId?: string;
  logger: Logger;
}

/** Where an ephemeral answer goes: one person, in a channel (and a thread). */
export interface EphemeralTarget {
  channel: string;
  user: string;
  thread_ts?: string;
}

/**
 * The desk's Slack output, through the channel's own `SlackApi` (same `SLACK_API_URL`, rate-limit
 * retries and coded errors) with the workspace's bot token. Posts and updates throw their coded
 * error; ephemeral answers are advisory, so their failure is logged, never thrown.
 */
export class DeskPoster {
  constructor(private readonly options: DeskPosterOptions) {}

  /** The desk's workspace, as configured (undefined: the single-workspace token). */
  get teamId(): string | undefined {
    return this.options.teamId;
  }

  /** `chat.postMessage`; resolves with the message `ts`. */
  async post(team: string | undefined, message: SlackPostMessage): Promise<string> {
    return this.options.api.postMessage(await this.token(team), message);
  }

  /** `chat.update` of a card. */
  async update(
    team: string | undefined,
    message: { channel: string; ts: string; text: string; blocks: readonly object[] },
  ): Promise<void> {
    await this.options.api.update(await this.token(team), message);
  }

  /** `chat.postEphemeral` to one person; a failure is logged with its code. */
  async ephemeral(team: string | undefined, target: EphemeralTarget, text: string): Promise<void> {
    try {
      await this.options.api.postEphemeral(await this.token(team), { ...target, text });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.options.logger.warn({ err: error, code, channel: target.channel }, 'slack desk answer not sent');
    }
  }

  private async token(team: string | undefined): Promise<string> {
    const workspace = team ?? this.options.teamId ?? ANY_WORKSPACE;
    const token = await this.options.installations.fetchBotToken(workspace);
    if (!token) throw new SlackWorkspaceUnknownError(workspace);
    return token;
  }
}
