import type { Activity, ChannelAccount } from 'botbuilder-core';
import { z } from 'zod';
import { conversationAccountOf, SLACK_CHANNEL_ID, type SlackTarget } from './conversation';
import { mentionsBot, plainTextOf } from './slack-text';

/** Who the bot is in one workspace (from `auth.test`), to strip its mentions and skip its own posts. */
export interface SlackBotIdentity {
  /** The bot user id, `U…`: what `<@U…>` mentions name. */
  userId?: string;
  /** The bot id, `B…`: what the bot's own messages carry as `bot_id`. */
  botId?: string;
}

/** What an inbound event is mapped with, besides the event itself. */
export interface SlackEventMeta {
  /** The workspace the event came from. */
  teamId: string;
  /** The Events API `event_id`, kept in `channelData` for logs. */
  eventId?: string;
  bot: SlackBotIdentity;
  /** Stamped as the activity's `serviceUrl` (the Web API base URL). */
  serviceUrl: string;
}

/** The fields of `message` and `app_mention` events Switchboard reads; anything else passes through. */
const messageEventSchema = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  bot_profile: z.unknown().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

type SlackMessageEvent = z.infer<typeof messageEventSchema>;

/** Message subtypes that carry a customer's words. Edits, deletes, joins and bot posts are not turns. */
const CUSTOMER_SUBTYPES: ReadonlySet<string | undefined> = new Set([
  undefined,
  'thread_broadcast',
  'file_share',
]);

/** What an inbound message event means for the bot. */
export type ClassifiedMessage =
  | {
      kind: 'turn';
      activity: Partial<Activity>;
      target: SlackTarget;
      /** A thread reply in a channel: answered only in threads the bot already takes part in. */
      inKnownThreadOnly: boolean;
    }
  | { kind: 'non-text'; target: SlackTarget; userId: string; inKnownThreadOnly: boolean }
  | { kind: 'ignored'; reason: string };

/**
 * Classifies a `message` or `app_mention` event. Direct messages are turns; in channels the bot
 * answers `app_mention`s (the mention stripped) and replies in threads it takes part in. A thread
 * is its own conversation; a top-level mention starts one (the bot answers in its thread). Bot
 * messages, edits, deletes, joins and malformed events are ignored, with the reason.
 *
 * @example
 * const inbound = classifyMessageEvent(body.event, { teamId, bot, serviceUrl });
 * if (inbound.kind === 'turn') await adapter.processActivity(inbound.activity, logic);
 */
export function classifyMessageEvent(event: unknown, meta: SlackEventMeta): ClassifiedMessage {
  const parsed = messageEventSchema.safeParse(event);
  if (!parsed.success) return { kind: 'ignored', reason: 'malformed message event' };
  const message = parsed.data;
  const skip = skipReason(message, meta.bot);
  if (skip) return { kind: 'ignored', reason: skip };
  const user = message.user as string;
  const direct = isDirect(message);
  const target: SlackTarget = { team: meta.teamId, channel: message.channel };
  const threadTs = direct ? message.thread_ts : (message.thread_ts ?? message.ts);
  if (threadTs) target.threadTs = threadTs;
  const inKnownThreadOnly = message.type === 'message' && !direct;
  const text = plainTextOf(message.text ?? '', meta.bot.userId);
  if (text) {
    const activity = { ...baseActivity(message, target, meta), type: 'message', text };
    return { kind: 'turn', activity, target, inKnownThreadOnly };
  }
  if (message.files && message.files.length > 0) {
    return { kind: 'non-text', target, userId: user, inKnownThreadOnly };
  }
  if (message.type === 'app_mention') {
    // A bare "@bot" opens a conversation: the bot welcomes the customer in a new thread.
    const from = { id: user, name: user, role: 'user' };
    const activity = {
      ...baseActivity(message, target, meta),
      type: 'conversationUpdate',
      membersAdded: [from],
    };
    return { kind: 'turn', activity, target, inKnownThreadOnly };
  }
  return { kind: 'ignored', reason: 'empty message' };
}

function isDirect(message: SlackMessageEvent): boolean {
  return message.type === 'message' && message.channel_type === 'im';
}

function skipReason(message: SlackMessageEvent, bot: SlackBotIdentity): string | undefined {
  if (message.bot_id || message.bot_profile || message.subtype === 'bot_message') return 'sent by a bot';
  if (!message.user) return 'no sender';
  if (bot.userId && message.user === bot.userId) return 'sent by this bot';
  if (!CUSTOMER_SUBTYPES.has(message.subtype)) return `message subtype "${message.subtype}"`;
  if (message.type === 'message' && !isDirect(message)) {
    // The same message also arrives as an app_mention event, which handles it.
    if (mentionsBot(message.text, bot.userId))
      return 'channel message mentioning the bot (app_mention handles it)';
    if (!message.thread_ts) return 'channel message without a mention';
  }
  return undefined;
}

function baseActivity(
  message: SlackMessageEvent,
  target: SlackTarget,
  meta: SlackEventMeta,
): Partial<Activity> {
  return {
    // The message's identity, not the event's: a retry, a duplicate event_id and the app_mention +
    // message pair of one message all map to the same id, so the dedupe middleware keeps one.
    id: `${message.channel}:${message.ts}`,
    channelId: SLACK_CHANNEL_ID,
    serviceUrl: meta.serviceUrl,
    timestamp: slackTimestamp(message.ts),
    from: { id: message.user as string, name: message.user as string, role: 'user' },
    recipient: botAccount(meta.bot),
    conversation: conversationAccountOf(target, !isDirect(message)),
    channelData: {
      slack: { team: target.team, channel: message.channel, ts: message.ts, eventId: meta.eventId },
    },
  };
}

/** The bot as a botbuilder account. */
export function botAccount(bot: SlackBotIdentity): ChannelAccount {
  return { id: bot.userId ?? 'slack-bot', name: 'Switchboard', role: 'bot' };
}

/** A Slack `ts` ("1700000000.000100", seconds) as a Date. */
export function slackTimestamp(ts: string): Date {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date();
}
