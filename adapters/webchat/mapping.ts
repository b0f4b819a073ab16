import type { Activity } from 'botbuilder-core';
import { replyFromActivity, senderOf } from '../../src/bot/reply-activity';
import { renderWeb } from '../../src/rendering/render-web';
import type { InboundTurn, WebChatMessage } from './protocol';
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
 * widget does not display (typing, events). The reply model is rendered by `renderWeb`.
 */
export function fromActivity(activity: Partial<Activity>): Omit<WebChatMessage, 'seq'> | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const rendered = renderWeb(replyFromActivity(activity));
  const sender = senderOf(activity);
  const message: Omit<WebChatMessage, 'seq'> = {
    from: sender.role === 'agent' ? 'agent' : 'bot',
    text: rendered.text,
    timestamp: new Date().toISOString(),
  };
  if (rendered.buttons.length > 0) message.buttons = rendered.buttons;
  if (sender.role === 'agent' && sender.name) message.name = sender.name;
  return message;
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
