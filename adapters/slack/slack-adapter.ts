import { randomUUID } from 'node:crypto';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder-core';
import { replyFromActivity } from '../../src/bot/reply-activity';
import { hasErrorCode, SlackWorkspaceUnknownError, UnsupportedActivityError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import { renderSlack } from '../../src/rendering/render-slack';
import { ChannelAdapter } from '../channel-adapter';
import type { SlackChoiceUpdate } from './block-actions';
import { conversationIdOf, SLACK_CHANNEL_ID, type SlackTarget, slackTargetOf } from './conversation';
import type { SlackInstallationStore } from './installation-store';
import type { SlackApi, SlackPostMessage } from './slack-api';
import type { SlackThreadRegistry } from './thread-registry';

/** Options of {@link SlackAdapter}. */
export interface SlackAdapterOptions {
  api: SlackApi;
  installations: SlackInstallationStore;
  threads: SlackThreadRegistry;
  logger: Logger;
  /** When set, `chat.postMessage` goes through it (retried on 5xx/429, never twice per message). */
  outbound?: OutboundSender;
}

/** What a queued Slack post carries: all a worker in another process needs to send it. */
interface SlackPostPayload {
  team: string;
  message: SlackPostMessage;
}

/**
 * The Slack channel's adapter: every reply is rendered as Block Kit (`renderSlack`) and posted
 * with `chat.postMessage` into the conversation's thread, with the bot token of the
 * conversation's workspace. Sent messages can be updated (`chat.update`) and deleted.
 */
export class SlackAdapter extends ChannelAdapter {
  readonly channelId = SLACK_CHANNEL_ID;

  constructor(private readonly options: SlackAdapterOptions) {
    super();
    options.outbound?.register({
      channelId: SLACK_CHANNEL_ID,
      deliver: async (payload) => {
        const { team, message } = payload as SlackPostPayload;
        return this.options.api.postMessage(await this.tokenFor(team), message);
      },
    });
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const target = slackTargetOf(context.activity.conversation);
    const token = await this.tokenFor(target.team);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) responses.push({ id: await this.send(token, target, activity) });
    return responses;
  }

  /** Edits a sent message: `activity.id` is its `ts`. */
  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const target = slackTargetOf(activity.conversation ?? context.activity.conversation);
    if (!activity.id)
      throw new UnsupportedActivityError('A Slack message update needs the message ts as activity.id.');
    const rendered = renderSlack(replyFromActivity(activity));
    await this.options.api.update(await this.tokenFor(target.team), {
      channel: target.channel,
      ts: activity.id,
      text: rendered.text,
      blocks: rendered.blocks,
    });
  }

  /** Deletes a sent message: `reference.activityId` is its `ts`. */
  override async deleteActivity(
    context: TurnContext,
    reference: Partial<ConversationReference>,
  ): Promise<void> {
    const target = slackTargetOf(reference.conversation ?? context.activity.conversation);
    await this.options.api.delete(await this.tokenFor(target.team), {
      channel: target.channel,
      ts: reference.activityId ?? '',
    });
  }

  /** Replaces a clicked message's buttons with the choice made. */
  async showChoice(team: string, update: SlackChoiceUpdate): Promise<void> {
    await this.options.api.update(await this.tokenFor(team), update);
  }

  /** Posts a plain notice outside a dialog turn (e.g. "I can only read text"). */
  async postNotice(target: SlackTarget, text: string): Promise<void> {
    await this.post(await this.tokenFor(target.team), target, text, []);
  }

  private async send(token: string, target: SlackTarget, activity: Partial<Activity>): Promise<string> {
    // Slack has no typing indicator for bots over the Web API; events are not shown.
    if (activity.type !== undefined && activity.type !== 'message') return '';
    const rendered = renderSlack(replyFromActivity(activity));
    if (!rendered.text.trim() && rendered.blocks.length < 2) return '';
    return this.post(token, target, rendered.text, rendered.blocks);
  }

  private async post(
    token: string,
    target: SlackTarget,
    text: string,
    blocks: readonly object[],
  ): Promise<string> {
    let ts: string;
    const message: SlackPostMessage = {
      channel: target.channel,
      text,
      ...(blocks.length > 0 ? { blocks } : {}),
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    };
    try {
      ts = this.options.outbound
        ? await this.postOutbound(target.team, message)
        : await this.options.api.postMessage(token, message);
    } catch (error) {
      // Logged here with its code: dialogs wrap errors, so the turn's log line may only say the turn failed.
      const code = hasErrorCode(error) ? error.code : undefined;
      this.options.logger.error(
        { err: error, code, conversationId: conversationIdOf(target) },
        'slack delivery failed',
      );
      throw error;
    }
    await this.options.threads.remember(target);
    return ts;
  }

  /** Through the outbound sender: '' when the post waits in the retry queue. */
  private async postOutbound(team: string, message: SlackPostMessage): Promise<string> {
    const outbound = this.options.outbound as OutboundSender;
    const payload: SlackPostPayload = { team, message };
    const result = await outbound.send({ channelId: SLACK_CHANNEL_ID, messageId: randomUUID(), payload });
    return result.status === 'queued' ? '' : result.platformId;
  }

  private async tokenFor(team: string): Promise<string> {
    const token = await this.options.installations.fetchBotToken(team);
    if (!token) throw new SlackWorkspaceUnknownError(team);
    return token;
  }
}
