import type { Activity } from 'botbuilder-core';
import { z } from 'zod';
import { escapeMrkdwn, SLACK_CHOICES_BLOCK_ID } from '../../src/rendering/render-slack';
import {
  conversationAccountOf,
  isDirectMessageChannel,
  SLACK_CHANNEL_ID,
  type SlackTarget,
} from './conversation';
import { botAccount, type SlackEventMeta, slackTimestamp } from './mapping';

/** The fields of a `block_actions` payload Switchboard reads. */
const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1) }),
  channel: z.looseObject({ id: z.string().min(1) }).optional(),
  container: z
    .looseObject({ channel_id: z.string().optional(), thread_ts: z.string().optional() })
    .optional(),
  message: z
    .looseObject({
      ts: z.string().min(1),
      thread_ts: z.string().optional(),
      text: z.string().optional(),
      blocks: z.array(z.unknown()).optional(),
    })
    .optional(),
  actions: z
    .array(
      z.looseObject({
        type: z.string(),
        block_id: z.string().optional(),
        action_id: z.string(),
        value: z.string().optional(),
        text: z.looseObject({ text: z.string() }).optional(),
      }),
    )
    .min(1),
});

/** A Block Kit block as Slack sends it back (only `block_id` is read). */
export type SlackBlockJson = Record<string, unknown>;

/** The `chat.update` that shows the choice made on the clicked message. */
export interface SlackChoiceUpdate {
  channel: string;
  /** The clicked message. */
  ts: string;
  text: string;
  blocks: SlackBlockJson[];
}

/** What a block action means for the bot. */
export type SlackClick =
  | { kind: 'click'; activity: Partial<Activity>; target: SlackTarget; update: SlackChoiceUpdate | undefined }
  | { kind: 'ignored'; reason: string };

/**
 * Maps a click on one of the bot's choice buttons to a message activity whose text is the button's
 * value, so the dialog continues exactly as if the customer had typed the choice. The clicked
 * message is then updated to show the choice made instead of the buttons ({@link blocksShowingChoice}).
 * Clicks on other blocks, non-button actions and malformed payloads are ignored with a reason.
 */
export function classifyBlockActions(body: unknown, meta: SlackEventMeta): SlackClick {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return { kind: 'ignored', reason: 'malformed block_actions payload' };
  const payload = parsed.data;
  const action = payload.actions[0];
  if (action?.block_id !== SLACK_CHOICES_BLOCK_ID || action.type !== 'button' || action.value === undefined) {
    return { kind: 'ignored', reason: `action "${action?.action_id}" is not a Switchboard choice button` };
  }
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const message = payload.message;
  if (!channel || !message) return { kind: 'ignored', reason: 'block action without a message' };
  const target: SlackTarget = { team: meta.teamId, channel };
  const threadTs = message.thread_ts ?? payload.container?.thread_ts;
  // A top-level bot message that got replies has thread_ts === ts: it still belongs to the main timeline.
  if (threadTs && threadTs !== message.ts) target.threadTs = threadTs;
  const title = action.text?.text ?? action.value;
  const activity: Partial<Activity> = {
    type: 'message',
    // One choice per message: a double click, or a click racing the update, is dropped by dedupe.
    id: `click:${channel}:${message.ts}`,
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: meta.serviceUrl,
    timestamp: slackTimestamp(message.ts),
    from: { id: payload.user.id, name: payload.user.id, role: 'user' },
    recipient: botAccount(meta.bot),
    conversation: conversationAccountOf(target, !isDirectMessageChannel(channel)),
    text: action.value,
    value: { postBack: true, title },
    channelData: { slack: { team: meta.teamId, channel, ts: message.ts, actionId: action.action_id } },
  };
  const update = message.blocks
    ? {
        channel,
        ts: message.ts,
        text: message.text ?? title,
        blocks: blocksShowingChoice(message.blocks, title),
      }
    : undefined;
  return { kind: 'click', activity, target, update };
}

/**
 * The blocks of a clicked message with the choice buttons replaced by a context line
 * "✔ <title>", so the conversation shows what was chosen and the buttons cannot be clicked again.
 */
export function blocksShowingChoice(blocks: readonly unknown[], title: string): SlackBlockJson[] {
  return blocks
    .filter(isBlock)
    .map((block) =>
      block['block_id'] === SLACK_CHOICES_BLOCK_ID
        ? { type: 'context', elements: [{ type: 'mrkdwn', text: `✔ ${escapeMrkdwn(title)}` }] }
        : block,
    );
}

function isBlock(value: unknown): value is SlackBlockJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
