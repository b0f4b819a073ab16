import { z } from 'zod';
import { handoffIdSchema } from '../../../src/console/console-protocol';
import type { SlackEventMeta } from '../mapping';
import { plainTextOf } from '../slack-text';
import { DESK_ACTION_PREFIX, DESK_CLAIM_ACTION, DESK_RESOLVE_ACTION } from './desk-card';

/**
 * Which Slack payloads belong to the agent desk, and what they say: pure functions over the
 * payload, so the routing is decided before anything reaches the customer bot.
 */

/** A message in a desk channel, as the desk sees it. */
export type DeskMessageEvent =
  | { kind: 'ignored'; reason: string }
  | {
      kind: 'thread-reply';
      channel: string;
      threadTs: string;
      ts: string;
      user: string;
      /** Plain text (Slack markup turned into words); empty for a file without a caption. */
      text: string;
    };

const messageSchema = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  channel: z.string().min(1),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  bot_profile: z.unknown().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});

/** Subtypes that carry what a person wrote (a reply also sent to the channel, a file with a caption). */
const PERSON_SUBTYPES: ReadonlySet<string | undefined> = new Set([
  undefined,
  'thread_broadcast',
  'file_share',
]);

/** The channel of a message event, when it has one. */
export function channelOfEvent(event: unknown): string | undefined {
  const channel = (event as { channel?: unknown } | undefined)?.channel;
  return typeof channel === 'string' ? channel : undefined;
}

/**
 * Classifies a `message` or `app_mention` event from a desk channel: replies in a thread are the
 * desk's business; top-level messages, bot posts (the desk's own included), edits and mentions
 * (Slack also sends the mention as a `message`) are ignored with a reason.
 */
export function classifyDeskMessage(event: unknown, meta: SlackEventMeta): DeskMessageEvent {
  const parsed = messageSchema.safeParse(event);
  if (!parsed.success) return { kind: 'ignored', reason: 'malformed message event in a desk channel' };
  const message = parsed.data;
  if (message.type !== 'message') return { kind: 'ignored', reason: `${message.type} in a desk channel` };
  if (message.bot_id || message.bot_profile || message.subtype === 'bot_message')
    return { kind: 'ignored', reason: 'sent by a bot' };
  if (!message.user || message.user === meta.bot.userId)
    return { kind: 'ignored', reason: 'no person sent it' };
  if (!PERSON_SUBTYPES.has(message.subtype))
    return { kind: 'ignored', reason: `message subtype "${message.subtype}"` };
  if (!message.thread_ts || message.thread_ts === message.ts)
    return { kind: 'ignored', reason: 'top-level message in a desk channel' };
  return {
    kind: 'thread-reply',
    channel: message.channel,
    threadTs: message.thread_ts,
    ts: message.ts,
    user: message.user,
    text: plainTextOf(message.text ?? '', meta.bot.userId),
  };
}

/** A click on a desk button. */
export type DeskClick =
  | { kind: 'not-desk' }
  | { kind: 'malformed'; reason: string }
  | {
      kind: 'click';
      action: 'claim' | 'resolve';
      handoffId: string;
      user: string;
      channel: string;
      messageTs: string;
    };

const clickSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1) }),
  channel: z.looseObject({ id: z.string().min(1) }).optional(),
  container: z
    .looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional() })
    .optional(),
  message: z.looseObject({ ts: z.string().min(1) }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
});

const ACTIONS: Readonly<Record<string, 'claim' | 'resolve'>> = {
  [DESK_CLAIM_ACTION]: 'claim',
  [DESK_RESOLVE_ACTION]: 'resolve',
};

/** Classifies a `block_actions` payload: the desk's buttons (`swb_desk_…`) or not the desk's. */
export function classifyDeskClick(body: unknown): DeskClick {
  const actionId = (body as { actions?: Array<{ action_id?: unknown }> } | undefined)?.actions?.[0]
    ?.action_id;
  if (typeof actionId !== 'string' || !actionId.startsWith(DESK_ACTION_PREFIX)) return { kind: 'not-desk' };
  const parsed = clickSchema.safeParse(body);
  const action = ACTIONS[actionId];
  if (!parsed.success || !action)
    return { kind: 'malformed', reason: `desk action "${actionId}" not understood` };
  const payload = parsed.data;
  const handoffId = handoffIdSchema.safeParse(payload.actions[0]?.value);
  const channel = payload.container?.channel_id ?? payload.channel?.id;
  const messageTs = payload.container?.message_ts ?? payload.message?.ts;
  if (!handoffId.success || !channel || !messageTs)
    return { kind: 'malformed', reason: `desk action "${actionId}" without a handoff, channel or message` };
  return { kind: 'click', action, handoffId: handoffId.data, user: payload.user.id, channel, messageTs };
}

/** A slash command sent to the desk. */
export type DeskCommand =
  | { kind: 'not-desk' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'command'; user: string; channel: string; text: string };

const commandSchema = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
});

/** Classifies a slash command payload: the desk's command (`/switchboard` by default) or not. */
export function classifyDeskCommand(body: unknown, command: string): DeskCommand {
  if ((body as { command?: unknown } | undefined)?.command !== command) return { kind: 'not-desk' };
  const parsed = commandSchema.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', reason: `${command} payload without a user or channel` };
  const { user_id: user, channel_id: channel, text } = parsed.data;
  return { kind: 'command', user, channel, text };
}

/** What `/switchboard …` asks for. */
export type DeskRequest = { verb: 'resolve'; ref?: string; disposition: string } | { verb: 'usage' };

/** Dispositions as the console accepts them: a short lower-case code. */
const DISPOSITION = /^[a-z0-9-]{1,40}$/;
/** `#` and the start of a handoff's uuid, as the card's footer shows it. */
const REF = /^#([0-9a-f]{4,36})$/;

/** Parses the command's text: `resolve [#ref] [disposition]`; anything else asks for the usage. */
export function parseDeskRequest(text: string): DeskRequest {
  const [verb, ...args] = text.trim().toLowerCase().split(/\s+/);
  if (verb !== 'resolve' || args.length > 2) return { verb: 'usage' };
  let ref: string | undefined;
  let disposition = 'solved';
  for (const arg of args) {
    const refMatch = REF.exec(arg);
    if (refMatch && ref === undefined) ref = refMatch[1];
    else if (DISPOSITION.test(arg)) disposition = arg;
    else return { verb: 'usage' };
  }
  return ref === undefined ? { verb: 'resolve', disposition } : { verb: 'resolve', ref, disposition };
}
