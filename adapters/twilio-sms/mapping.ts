import { createHash } from 'node:crypto';
import type { Activity, Attachment } from 'botbuilder-core';
import { replyFromActivity } from '../../src/bot/reply-activity';
import { renderSms } from '../../src/rendering/render-sms';
import type { InboundSms } from './sms-webhook';

/** The SMS channel id stamped on activities. */
export const SMS_CHANNEL_ID = 'sms';
/** Hex characters of the conversation id's hash: 128 bits, no collisions in practice. */
const CONVERSATION_HASH_CHARS = 32;

/** One outgoing SMS or MMS. */
export interface OutboundSms {
  body: string;
  /** Public URLs of media to attach (MMS). */
  mediaUrls: string[];
}

/**
 * The conversation of a customer with one of our numbers. Stable for the pair, and a hash rather
 * than the numbers themselves: conversation ids appear in logs and lock names, phone numbers must not.
 */
export function smsConversationId(customerNumber: string, ourNumber: string): string {
  const hash = createHash('sha256').update(`${customerNumber}|${ourNumber}`).digest('hex');
  return `sms_${hash.slice(0, CONVERSATION_HASH_CHARS)}`;
}

/**
 * Maps an inbound SMS to a botbuilder `Activity`: the `MessageSid` is the activity id (the dedupe
 * middleware drops Twilio's redeliveries by it), the customer's number is `from.id`, ours is
 * `recipient.id`, and MMS media become attachments.
 */
export function toActivity(message: InboundSms, serviceUrl: string): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: 'message',
    id: message.messageSid,
    channelId: SMS_CHANNEL_ID,
    serviceUrl,
    from: { id: message.from, name: '', role: 'user' },
    recipient: { id: message.to, name: 'bot', role: 'bot' },
    conversation: {
      id: smsConversationId(message.from, message.to),
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    text: message.body,
    timestamp: new Date(),
  };
  if (message.media.length > 0) activity.attachments = mediaAttachments(message);
  return activity;
}

/** MMS media as botbuilder attachments (`contentUrl` is Twilio's media URL). */
export function mediaAttachments(message: InboundSms): Attachment[] {
  return message.media.map((m, i) => ({ contentType: m.contentType, contentUrl: m.url, name: `media-${i}` }));
}

/**
 * Maps an outgoing message activity to the SMS messages to send, or undefined for activities SMS
 * does not show (typing, events). Text goes through `renderSms` (numbered choices, GSM-7 friendly,
 * split within the segment budget); attachments with a public URL ride on the first message.
 */
export function fromActivity(activity: Partial<Activity>): OutboundSms[] | undefined {
  if (activity.type !== undefined && activity.type !== 'message') return undefined;
  const mediaUrls = (activity.attachments ?? [])
    .map((a) => a.contentUrl)
    .filter((url): url is string => typeof url === 'string' && /^https?:\/\//.test(url));
  const bodies = renderSms(replyFromActivity(activity)).filter((b) => b.length > 0);
  if (bodies.length === 0 && mediaUrls.length === 0) return undefined;
  if (bodies.length === 0) bodies.push('');
  return bodies.map((body, i) => ({ body, mediaUrls: i === 0 ? mediaUrls : [] }));
}
