import type { ChatLine } from '../../../src/handoff/handoff-events';
import type { Handoff, HandoffStatus } from '../../../src/handoff/handoff-record';
import { escapeMrkdwn } from '../../../src/rendering/render-slack';
import { channelLabel } from './desk-card';

/**
 * What the desk writes besides cards: thread notes when a handoff changes, the live chat lines, and
 * the ephemeral answers agents get. One place, so tests and docs quote the same words.
 */

/** What the desk last showed of a handoff, to describe what changed since. */
export interface ShownHandoff {
  status: HandoffStatus;
  skill: string;
  agentId?: string;
  agentName?: string;
}

/** The thread notes for a change from `shown` to `now` (oldest first; empty when nothing to say). */
export function changeNotes(shown: ShownHandoff | undefined, now: Handoff, command: string): string[] {
  const notes: string[] = [];
  const holder = escapeMrkdwn(now.agentName ?? now.agentId ?? 'An agent');
  if (now.status === 'assigned' && now.agentId !== shown?.agentId) {
    notes.push(
      `:raising_hand: *${holder}* claimed this conversation. Their replies in this thread go to the customer (${channelLabel(now.channelId)}); *Resolve* or \`${command} resolve\` hands the customer back to the bot.`,
    );
  }
  if (now.status === 'pending' && shown?.status === 'assigned') {
    const previous = escapeMrkdwn(shown.agentName ?? shown.agentId ?? 'The agent');
    notes.push(
      now.skill !== shown.skill
        ? `:arrow_right_hook: ${previous} transferred the customer to the *${escapeMrkdwn(now.skill)}* queue.`
        : `:rotating_light: ${previous} was disconnected: the customer is back at the front of the queue.`,
    );
  }
  const ended = endNote(now, holder);
  if (ended) notes.push(ended);
  return notes;
}

function endNote(now: Handoff, holder: string): string | undefined {
  const disposition = now.disposition ? ` (${escapeMrkdwn(now.disposition)})` : '';
  if (now.status === 'resolved')
    return `:white_check_mark: Resolved by ${holder}${disposition}. The bot has taken over again.`;
  if (now.status === 'expired')
    return ':hourglass: Nobody claimed this conversation in time: the bot offered the customer a callback or a ticket.';
  if (now.status === 'cancelled') {
    return now.disposition === 'customer-cancelled'
      ? ':leftwards_arrow_with_hook: The customer left the queue and is back with the bot.'
      : `:leftwards_arrow_with_hook: Cancelled${disposition}: the customer is back with the bot.`;
  }
  return undefined;
}

/** A live chat line as posted in the card's thread. */
export function chatLineText(line: ChatLine): string {
  const text = escapeMrkdwn(line.text);
  if (line.from === 'customer') return `*Customer:* ${text}`;
  const who = escapeMrkdwn(line.agentName ?? line.agentId ?? 'Agent');
  return line.from === 'agent' ? `*${who}* (agent console): ${text}` : `_${text}_`;
}

/** The ephemeral answers of the desk. */
export const deskReplies = {
  unmapped: (user: string) =>
    `You are not set up as a Switchboard agent, so nothing was changed. Ask an admin to map your Slack user \`${user}\` to your agent id in \`channels.slack.desk.agents\` (SLACK_DESK_AGENTS).`,
  unknownAgent: (agentId: string) =>
    `Your Slack user is mapped to agent "${escapeMrkdwn(agentId)}", who is not in the agents file: nothing was changed. Ask an admin to fix \`channels.slack.desk.agents\`.`,
  noSkill: (skill: string) =>
    `You do not serve the *${escapeMrkdwn(skill)}* queue, so this conversation stays where it is.`,
  claimedBy: (name: string) => `*${escapeMrkdwn(name)}* has already claimed this conversation.`,
  alreadyYours: 'You already hold this conversation: reply in its thread.',
  notWaiting: (status: string) => `This conversation is no longer waiting (${status}).`,
  gone: 'This conversation no longer exists; it may have ended long ago.',
  claimFirst:
    'Claim this conversation first (the *Claim* button): only the claiming agent is relayed to the customer.',
  heldByOther: (name: string) =>
    `*${escapeMrkdwn(name)}* is serving this customer: only their replies in this thread reach the customer.`,
  ended: 'This conversation has ended: messages in this thread are no longer relayed.',
  onlyText: 'Only text is relayed to the customer: files and images were not sent.',
  tooLong: (max: number) => `That reply is longer than ${max} characters and was not sent; split it up.`,
  notSent: (reason: string) => `Your reply was not delivered: ${escapeMrkdwn(reason)}`,
  onlyHolder: (name: string) => `Only *${escapeMrkdwn(name)}*, who holds this conversation, can resolve it.`,
  resolved: (disposition: string) =>
    `Resolved (${escapeMrkdwn(disposition)}): the bot has the customer again and asks them for a rating.`,
  noneHere: 'You hold no conversation whose card is in this channel.',
  several: (refs: readonly string[], command: string) =>
    `You hold ${refs.length} conversations here: say which, e.g. \`${command} resolve #${refs[0]}\` (${refs.map((r) => `#${r}`).join(', ')}), or use the card's *Resolve* button.`,
  usage: (command: string) =>
    `Usage: \`${command} resolve [#ref] [disposition]\` in a desk channel ends the conversation you hold there (disposition: a short code such as \`solved\` or \`refund-issued\`; default \`solved\`).`,
};
