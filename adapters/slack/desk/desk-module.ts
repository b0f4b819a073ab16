import type { TranscriptStore } from '../../../src/analytics/transcript-store';
import type { SwitchboardConfig } from '../../../src/config/schema';
import type { AgentDirectory } from '../../../src/handoff/agents';
import type { Logger } from '../../../src/logging/logger';
import type { ServerModule, SwitchboardServer } from '../../../src/server/switchboard-server';
import type { StateServices } from '../../../src/state/ports';
import { SLACK_CHANNEL_ID } from '../conversation';
import { SlackChannel } from '../slack-channel';
import type { DeskHandoffService, SlackDeskSettings } from './desk-options';
import { SlackDesk } from './slack-desk';

/** What {@link slackDeskModule} needs besides the Slack channel, which it finds on the server. */
export interface SlackDeskModuleOptions {
  settings: SlackDeskSettings;
  /** The handoff service of `createHandoff` (`handoff.services.service`): the console's own. */
  handoff: DeskHandoffService;
  directory: Pick<AgentDirectory, 'get'>;
  transcripts: Pick<TranscriptStore, 'list'>;
  state: Pick<StateServices, 'storage' | 'dedupe' | 'locks' | 'bus'>;
  logger: Logger;
  now?: () => number;
}

/**
 * The Slack agent desk as a server module: attached to the server's `SlackChannel` (same Web API
 * client, tokens and signed endpoint), started and closed with the server. Put it in the server's
 * `modules` before the handoff module, so it stops before the handoff services close.
 *
 * @example
 * modules: [slackDeskModule({ settings, handoff: handoff.services.service, directory, transcripts, state, logger }), handoff.module]
 */
export function slackDeskModule(
  options: SlackDeskModuleOptions,
): (server: SwitchboardServer) => ServerModule {
  return (server) => {
    const slack = server.channel(SLACK_CHANNEL_ID);
    if (!(slack instanceof SlackChannel)) {
      options.logger.warn(
        'channels.slack.desk is set but the Slack channel is not mounted (no Slack settings, or SLACK_ENABLED=false): the Slack agent desk is off.',
      );
      return {};
    }
    const desk = new SlackDesk({
      ...options.settings,
      ...options,
      api: slack.api,
      installations: slack.installations,
    });
    slack.attachDesk(desk);
    return { start: () => desk.start(), close: () => desk.close() };
  };
}

/**
 * The desk module from configuration (`channels.slack.desk`), or undefined when the desk is not
 * configured. The desk's workspace is `SLACK_TEAM_ID` when set.
 */
export function createSlackDeskFromConfig(
  config: SwitchboardConfig,
  parts: Omit<SlackDeskModuleOptions, 'settings'>,
): ((server: SwitchboardServer) => ServerModule) | undefined {
  const { desk, teamId } = config.channels.slack;
  if (!desk) return undefined;
  return slackDeskModule({ ...parts, settings: { ...desk, ...(teamId ? { teamId } : {}) } });
}
