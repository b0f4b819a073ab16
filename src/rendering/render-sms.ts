import { choicesOf, type Reply, textFor } from './reply';
import { smsSegmentCount, splitSms } from './sms-segments';

/** A reply may use at most two segments per message; longer replies are split into messages. */
export const SMS_MAX_SEGMENTS_PER_MESSAGE = 2;

/** Typographic characters that would force the whole SMS into UCS-2 (70 chars a segment), with GSM-7 stand-ins. */
const GSM_FRIENDLY: Array<[RegExp, string]> = [
  [/[‘’‚‛′]/g, "'"],
  [/[“”„‟″]/g, '"'],
  [/[–—−]/g, '-'],
  [/…/g, '...'],
  [/ /g, ' '],
  [/•/g, '-'],
];

/** Replaces typographic punctuation with GSM-7 equivalents, so a reply keeps 160-character segments. */
export function toGsmFriendly(text: string): string {
  return GSM_FRIENDLY.reduce((t, [pattern, plain]) => t.replace(pattern, plain), text);
}

/** The numbered-choices line: "Reply 1 for Check balance, 2 for Lost card." */
export function numberedChoices(titles: readonly string[]): string {
  if (titles.length === 0) return '';
  return `Reply ${titles.map((t, i) => `${i + 1} for ${t}`).join(', ')}.`;
}

/**
 * Renders a reply as SMS messages: the short variant when there is one, list items as lines,
 * choices numbered ("Reply 1 for …"), typographic characters made GSM-7, and each message kept
 * within {@link SMS_MAX_SEGMENTS_PER_MESSAGE} segments (split at sentence or word boundaries).
 */
export function renderSms(reply: Reply): string[] {
  const parts = [textFor(reply, 'sms')];
  if (reply.list) {
    if (reply.list.title) parts.push(reply.list.title);
    for (const item of reply.list.items) parts.push(`${item.label}: ${item.value}`);
  }
  const choices = choicesOf(reply);
  const body = toGsmFriendly(parts.join('\n'));
  const choiceLine = toGsmFriendly(numberedChoices(choices.map((c) => c.title)));
  const whole = choiceLine ? `${body}\n${choiceLine}` : body;
  if (smsSegmentCount(whole) <= SMS_MAX_SEGMENTS_PER_MESSAGE) return [whole];
  // Keep the choices together in the last message, so "Reply 1 for …" is never cut in half.
  const messages = splitSms(body, SMS_MAX_SEGMENTS_PER_MESSAGE);
  if (!choiceLine) return messages;
  const last = messages[messages.length - 1] ?? '';
  const joined = `${last}\n${choiceLine}`;
  if (smsSegmentCount(joined) <= SMS_MAX_SEGMENTS_PER_MESSAGE) messages[messages.length - 1] = joined;
  else messages.push(...splitSms(choiceLine, SMS_MAX_SEGMENTS_PER_MESSAGE));
  return messages;
}
