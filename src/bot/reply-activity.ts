import { ActionTypes, type Activity, ActivityTypes } from 'botbuilder-core';
import { type Choice, choicesOf, type Reply } from '../rendering/reply';

/** Where a reply travels inside an activity, so every channel renders the same model. */
interface ReplyChannelData {
  switchboardReply?: Reply;
  switchboardRole?: 'bot' | 'agent' | 'system';
  agentName?: string;
}

/**
 * The activity a dialog sends for a reply. It carries the reply model in `channelData` (for the
 * channel renderers) and also plain `text` + `suggestedActions`, so any botbuilder tool reads it.
 */
export function replyActivity(reply: Reply): Partial<Activity> {
  const choices = choicesOf(reply);
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    text: reply.text,
    channelData: { switchboardReply: reply } satisfies ReplyChannelData,
  };
  if (choices.length > 0) {
    activity.suggestedActions = {
      to: [],
      actions: choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.value })),
    };
  }
  return activity;
}

/** The reply model of any outgoing message activity (plain text and suggested actions included). */
export function replyFromActivity(activity: Partial<Activity>): Reply {
  const carried = (activity.channelData as ReplyChannelData | undefined)?.switchboardReply;
  if (carried) return carried;
  const choices: Choice[] = (activity.suggestedActions?.actions ?? []).map((a) => ({
    title: a.title,
    value: String(a.value ?? a.title),
  }));
  for (const attachment of activity.attachments ?? []) {
    const buttons = (
      attachment.content as { buttons?: Array<{ title: string; value?: unknown }> } | undefined
    )?.buttons;
    for (const b of buttons ?? []) choices.push({ title: b.title, value: String(b.value ?? b.title) });
  }
  return choices.length > 0 ? { text: activity.text ?? '', choices } : { text: activity.text ?? '' };
}

/** Who sent an outgoing activity: the bot unless an agent or the system is marked. */
export function senderOf(activity: Partial<Activity>): { role: 'bot' | 'agent' | 'system'; name?: string } {
  const data = activity.channelData as ReplyChannelData | undefined;
  return { role: data?.switchboardRole ?? 'bot', name: data?.agentName };
}
