import type { Storage } from 'botbuilder-core';

/**
 * Where the Slack channel finds a workspace's bot token. One token per workspace (team), so one
 * deployment can serve many workspaces; {@link EnvInstallationStore} is the single-workspace case.
 *
 * @example
 * const token = await installations.fetchBotToken('T0123');
 * if (!token) throw new SlackWorkspaceUnknownError('T0123');
 */
export interface SlackInstallationStore {
  /** The bot token of a workspace, or undefined when the app is not installed there. */
  fetchBotToken(teamId: string): Promise<string | undefined>;
  /** Forgets a workspace (the app was uninstalled or its tokens revoked); optional. */
  deleteInstallation?(teamId: string): Promise<void>;
}

/** Options of {@link EnvInstallationStore}. */
export interface EnvInstallationStoreOptions {
  /** `SLACK_BOT_TOKEN` (`xoxb-…`). */
  botToken: string;
  /** `SLACK_TEAM_ID`: when set, events from any other workspace are refused (acked, logged). */
  teamId?: string;
}

/**
 * The single-workspace installation: one bot token from the environment, for every workspace or
 * only the configured `teamId`.
 */
export class EnvInstallationStore implements SlackInstallationStore {
  constructor(private readonly options: EnvInstallationStoreOptions) {}

  async fetchBotToken(teamId: string): Promise<string | undefined> {
    const { teamId: only, botToken } = this.options;
    return only === undefined || only === teamId ? botToken : undefined;
  }
}

/** One workspace's installation as stored. */
export interface SlackInstallation {
  teamId: string;
  botToken: string;
  /** When the app was installed (ISO 8601). */
  installedAt: string;
}

/** Options of {@link StorageInstallationStore}. */
export interface StorageInstallationStoreOptions {
  /** The deployment's `Storage` (Redis in production). Tokens are stored as given: protect it. */
  storage: Storage;
  /** Key prefix; default `slack/installation/`. */
  keyPrefix?: string;
}

/**
 * Multi-workspace installations on the `Storage` port, for the OAuth install flow: `save` when a
 * workspace installs the app, `deleteInstallation` when it uninstalls. Reads go to storage every
 * time, so a revoked or replaced token takes effect at once in every process.
 */
export class StorageInstallationStore implements SlackInstallationStore {
  private readonly prefix: string;

  constructor(private readonly options: StorageInstallationStoreOptions) {
    this.prefix = options.keyPrefix ?? 'slack/installation/';
  }

  /** Saves (or replaces) a workspace's installation. */
  async save(installation: Omit<SlackInstallation, 'installedAt'> & { installedAt?: string }): Promise<void> {
    const item: SlackInstallation = {
      teamId: installation.teamId,
      botToken: installation.botToken,
      installedAt: installation.installedAt ?? new Date().toISOString(),
    };
    await this.options.storage.write({ [this.key(item.teamId)]: { ...item, eTag: '*' } });
  }

  async fetchBotToken(teamId: string): Promise<string | undefined> {
    const key = this.key(teamId);
    const items = await this.options.storage.read([key]);
    const item = items[key] as Partial<SlackInstallation> | undefined;
    return typeof item?.botToken === 'string' ? item.botToken : undefined;
  }

  async deleteInstallation(teamId: string): Promise<void> {
    await this.options.storage.delete([this.key(teamId)]);
  }

  private key(teamId: string): string {
    return `${this.prefix}${teamId}`;
  }
}
