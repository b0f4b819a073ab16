import type { TranscriptStore } from '../../../src/analytics/transcript-store';
import { ConfigError } from '../../../src/errors';
import type { AgentDirectory } from '../../../src/handoff/agents';
import type { HandoffService } from '../../../src/handoff/handoff-service';
import type { Logger } from '../../../src/logging/logger';
import type { StateServices } from '../../../src/state/ports';
import type { SlackInstallationStore } from '../installation-store';
import type { SlackApi } from '../slack-api';

/** Where the desk posts and who may act on it (the `channels.slack.desk` configuration). */
export interface SlackDeskSettings {
  /** Skill queue → Slack channel id (`C…`, `G…`) where its escalations are posted. */
  channels: Readonly<Record<string, string>>;
  /** Slack user id → agent id of the agent directory. */
  agents: Readonly<Record<string, string>>;
  /** The slash command (default `/switchboard`). */
  command?: string;
  /**
   * The workspace of the desk channels (its bot token posts the cards). Default: the channel's
   * `SLACK_TEAM_ID`; without either, the single-workspace token (`SLACK_BOT_TOKEN`) is used.
   */
  teamId?: string;
}

/** The handoff operations the desk uses: the same service as the agent console. */
export type DeskHandoffService = Pick<
  HandoffService,
  'skills' | 'get' | 'claim' | 'reply' | 'resolve' | 'listOpen' | 'on'
>;

/** Options of {@link SlackDesk}. */
export interface SlackDeskOptions extends SlackDeskSettings {
  handoff: DeskHandoffService;
  directory: Pick<AgentDirectory, 'get'>;
  /** The bot's transcripts (PII-redacted): the card's summary. */
  transcripts: Pick<TranscriptStore, 'list'>;
  /** Shared state: cards (`storage`), one process per update (`dedupe`, `locks`), broadcasts (`bus`). */
  state: Pick<StateServices, 'storage' | 'dedupe' | 'locks' | 'bus'>;
  /** The Slack channel's Web API client and installations (same `SLACK_API_URL`, retries, tokens). */
  api: SlackApi;
  installations: SlackInstallationStore;
  logger: Logger;
  now?: () => number;
}

/** The default slash command. */
export const DEFAULT_DESK_COMMAND = '/switchboard';

/**
 * Checks the desk's settings against the deployment: every skill is one of `handoff.skills`, every
 * agent exists in the agent directory. Every problem is reported at once as a `ConfigError`.
 */
export function checkDeskSettings(options: SlackDeskOptions): void {
  const skills = options.handoff.skills;
  const problems = [
    ...Object.keys(options.channels)
      .filter((skill) => !skills.includes(skill))
      .map(
        (skill) =>
          `channels.slack.desk.channels.${skill}: "${skill}" is not a skill queue (handoff.skills: ${skills.join(', ')})`,
      ),
    ...Object.entries(options.agents)
      .filter(([, agentId]) => !options.directory.get(agentId))
      .map(
        ([user, agentId]) =>
          `channels.slack.desk.agents.${user}: agent "${agentId}" is not in the agent directory (handoff.agentsFile)`,
      ),
  ];
  if (Object.keys(options.channels).length === 0)
    problems.push('channels.slack.desk.channels: map at least one skill to a Slack channel id');
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid Slack agent desk configuration (${problems.length} problem(s)):\n- ${problems.join('\n- ')}\nFix SLACK_DESK_CHANNELS / SLACK_DESK_AGENTS, or remove channels.slack.desk to turn the desk off.`,
    );
  }
}
