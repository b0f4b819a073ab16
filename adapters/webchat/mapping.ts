import type { Activity, CardAction } from 'botbuilder-core';
import type { InboundTurn, WebChatButton, WebChatMessage } from './protocol';
import type { WebChatSession } from './session-token';

/** The web chat channel id stamped on activities. */
export const WEBCHAT_CHANNEL_ID = 'webchat';
/** The bot's id and name on this channel. */
export const WEBCHAT_BOT = { id: 'switchboard-bot', name: 'Acme Bank', role: 'bot' } as const;

/**
 * Maps an inbound web chat turn to a botbuilder `Activity`. A button click becomes a message whose
 * text is the button's value, so a dialog treats a click exactly like typing the choice.
 */
export function toActivity(
  session: WebChatSession,
  turn: InboundTurn,
  serviceUrl: string,
): Partial<Activity> {
  const base: Partial<Activity> = {
    channelId: WEBCHAT_CHANNEL_ID,
    serviceUrl,
    from: { id: session.userId, name: 'Customer', role: 'user' },
    recipient: { ...WEBCHAT_BOT },
    conversation: { id: session.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    timestamp: new Date(),
    locale: 'en-US',
  };
  if (turn.type === 'start') {
    return {
      ...base,
      type: 'conversationUpdate',
      id: `start-${session.conversationId}`,
      membersAdded: [{ id: session.userId, name: 'Customer' }],
    };
  }
  const text = turn.type === 'message' ? turn.text : turn.value;
  return {
    ...base,
    type: 'message',
    id: turn.clientMessageId,
    text,
    value: turn.type === 'postBack' ? { postBack: true, title: turn.title ?? turn.value } : undefined,
  };
}

/**
 * Maps an outgoing message activity to what the widget shows, or undefined for activities the
 * widget does not display (typing, events). Suggested actions and hero-card buttons become buttons.
 */
export function fromActivity(activity: Partial<Activity>): Omit<WebChatMessage, 'seq'> | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const buttons = buttonsOf(activity);
  const channelData = activity.channelData as { switchboardRole?: string; agentName?: string } | undefined;
  const isAgent = channelData?.switchboardRole === 'agent';
  const message: Omit<WebChatMessage, 'seq'> = {
    from: isAgent ? 'agent' : 'bot',
    text: activity.text ?? '',
    timestamp: new Date().toISOString(),
  };
  if (buttons.length > 0) message.buttons = buttons;
  if (isAgent && channelData?.agentName) message.name = channelData.agentName;
  return message;
}

function buttonsOf(activity: Partial<Activity>): WebChatButton[] {
  const actions: CardAction[] = [...(activity.suggestedActions?.actions ?? [])];
  for (const attachment of activity.attachments ?? []) {
    const content = attachment.content as { buttons?: CardAction[] } | undefined;
    actions.push(...(content?.buttons ?? []));
  }
  return actions.map((a) => ({ title: a.title, value: String(a.value ?? a.title) }));
}

/** The echo of a customer's message, so every tab of the conversation shows it. */
export function customerEcho(activity: Partial<Activity>): Omit<WebChatMessage, 'seq'> {
  const value = activity.value as { title?: string } | undefined;
  return {
    from: 'customer',
    text: value?.title ?? activity.text ?? '',
    clientMessageId: activity.id,
    timestamp: new Date().toISOString(),
  };
}
