import type { ConversationAccount } from 'botbuilder-core';
import { z } from 'zod';
import { UnsupportedActivityError } from '../../src/errors';

/** The botbuilder channel id of Slack activities. */
export const SLACK_CHANNEL_ID = 'slack';

/**
 * Where a Slack conversation lives: a workspace, a channel (DM or channel), and the thread when the
 * conversation is a thread. A direct message's main timeline has no `threadTs`; every thread, in a
 * DM or a channel, is its own conversation.
 */
export interface SlackTarget {
  /** The workspace (team) id, `T…`. */
  team: string;
  /** The channel id: `D…` for a direct message, `C…`/`G…` otherwise. */
  channel: string;
  /** The thread's parent message timestamp; absent for a DM's main timeline. */
  threadTs?: string;
}

const targetSchema = z.object({
  team: z.string().min(1),
  channel: z.string().min(1),
  threadTs: z.string().min(1).optional(),
});

/** Slack ids never contain `:`, so it separates the parts of a conversation id unambiguously. */
const SEPARATOR = ':';

/**
 * The conversation id of a target: `team:channel` for a DM's main timeline, `team:channel:threadTs`
 * for a thread. Stable, so conversation state and turn locks are keyed by it.
 */
export function conversationIdOf(target: SlackTarget): string {
  const parts = [target.team, target.channel];
  if (target.threadTs) parts.push(target.threadTs);
  return parts.join(SEPARATOR);
}

/**
 * The botbuilder conversation account of a target. The target travels in `properties.slack`, so a
 * stored `ConversationReference` is enough to reach the conversation later (agent replies).
 */
export function conversationAccountOf(target: SlackTarget, isGroup: boolean): ConversationAccount {
  return {
    id: conversationIdOf(target),
    name: '',
    isGroup,
    conversationType: isGroup ? 'channel' : 'personal',
    tenantId: target.team,
    properties: { slack: { ...target } },
  };
}

/**
 * The Slack target of a conversation account: from `properties.slack` when present, otherwise parsed
 * from the id. Throws `UnsupportedActivityError` when the conversation is not a Slack one.
 */
export function slackTargetOf(conversation: Partial<ConversationAccount> | undefined): SlackTarget {
  const carried = targetSchema.safeParse(
    (conversation?.properties as { slack?: unknown } | undefined)?.slack,
  );
  if (carried.success) return carried.data;
  const parsed = parseConversationId(conversation?.id ?? '');
  if (parsed) return parsed;
  throw new UnsupportedActivityError(
    `Conversation "${conversation?.id ?? ''}" is not a Slack conversation (expected "team:channel" or "team:channel:threadTs").`,
  );
}

/** Parses `team:channel[:threadTs]`; undefined for anything else. */
export function parseConversationId(id: string): SlackTarget | undefined {
  const parts = id.split(SEPARATOR);
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.length === 0)) return undefined;
  const [team, channel, threadTs] = parts as [string, string, string | undefined];
  return threadTs ? { team, channel, threadTs } : { team, channel };
}

/** True for a direct-message channel id (Slack's DM ids start with `D`). */
export function isDirectMessageChannel(channel: string): boolean {
  return channel.startsWith('D');
}
