import type { Handoff, HandoffReason } from '../../../src/handoff/handoff-record';
import { escapeMrkdwn } from '../../../src/rendering/render-slack';

/** Block id of the card's buttons. */
export const DESK_ACTIONS_BLOCK_ID = 'swb_desk_actions';
/** Every desk button's `action_id` starts with this: the channel routes such clicks to the desk. */
export const DESK_ACTION_PREFIX = 'swb_desk_';
/** The **Claim** button (value: the handoff id). */
export const DESK_CLAIM_ACTION = `${DESK_ACTION_PREFIX}claim`;
/** The **Resolve** button (value: the handoff id). */
export const DESK_RESOLVE_ACTION = `${DESK_ACTION_PREFIX}resolve`;

/** Customer lines shown on a card, and the longest each may be (a card is a summary, not the chat). */
export const SUMMARY_LINES = 3;
export const SUMMARY_LINE_CHARS = 200;

/** What a card shows: the handoff as stored, the customer's last lines, the clock. */
export interface DeskCardView {
  handoff: Handoff;
  /** The customer's last lines (already PII-redacted by the transcript). */
  summary: readonly string[];
  now: number;
  /** The slash command, for the hint on claimed cards. */
  command: string;
  /** Set on the old card of a conversation transferred to a skill shown in another channel. */
  movedTo?: string;
}

/** A Slack message: notification text and Block Kit blocks. */
export interface DeskMessage {
  text: string;
  blocks: object[];
}

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  webchat: 'Web chat',
  sms: 'SMS',
  voice: 'Voice',
  slack: 'Slack',
};

const REASONS: Readonly<Record<HandoffReason, string>> = {
  'customer-asked': 'asked for a person',
  'low-confidence': 'the bot did not understand',
  'form-failed': 'a form could not be completed',
  'faq-not-helpful': 'an FAQ answer did not help',
  'negative-sentiment': 'negative sentiment',
  'dialog-decision': 'the dialog handed over',
};

/** How a customer's channel is named on the desk. */
export function channelLabel(channelId: string): string {
  return CHANNEL_LABELS[channelId] ?? channelId;
}

/** The short reference agents type in `/switchboard resolve #ref` (the start of the handoff's uuid). */
export function handoffRef(handoffId: string): string {
  return handoffId.slice('h-'.length, 'h-'.length + 8);
}

/**
 * The escalation card: what the customer wants (channel, intent, sentiment, reason, wait time, their
 * last lines) and what can be done now: **Claim** while waiting, **Resolve** once claimed, nothing
 * once it ended. Every text from outside is escaped, so a customer cannot inject mentions or links.
 */
export function renderDeskCard(view: DeskCardView): DeskMessage {
  const { handoff, movedTo } = view;
  const title = movedTo
    ? `:arrow_right_hook: *Transferred to the ${escapeMrkdwn(movedTo)} queue*`
    : titleOf(handoff);
  const blocks: object[] = [
    section(`${title} · *${escapeMrkdwn(handoff.skill)}* queue`),
    { type: 'section', fields: factsOf(view).map((text) => ({ type: 'mrkdwn', text })) },
    section(summaryText(view.summary)),
    context(footerOf(view)),
  ];
  const button = movedTo ? undefined : buttonOf(handoff);
  if (button) blocks.push({ type: 'actions', block_id: DESK_ACTIONS_BLOCK_ID, elements: [button] });
  const intent = handoff.context.intent ? `, intent ${handoff.context.intent}` : '';
  const plainTitle = movedTo ? `Transferred to the ${movedTo} queue` : plainTitleOf(handoff);
  const text = `${plainTitle}: ${channelLabel(handoff.channelId)} customer in the ${handoff.skill} queue${intent}`;
  return { text, blocks };
}

/** The customer's last lines for a card: the last {@link SUMMARY_LINES}, each cut to {@link SUMMARY_LINE_CHARS}. */
export function summaryOf(customerLines: readonly string[]): string[] {
  return customerLines
    .slice(-SUMMARY_LINES)
    .map((line) => (line.length > SUMMARY_LINE_CHARS ? `${line.slice(0, SUMMARY_LINE_CHARS - 1)}…` : line));
}

function titleOf(handoff: Handoff): string {
  const who = escapeMrkdwn(handoff.agentName ?? handoff.agentId ?? 'an agent');
  switch (handoff.status) {
    case 'pending':
      return handoff.requeues > 0 ? ':rotating_light: *Back in the queue*' : ':bell: *Waiting for a person*';
    case 'assigned':
      return `:raising_hand: *Claimed by ${who}*`;
    case 'resolved':
      return `:white_check_mark: *Resolved by ${who}*`;
    case 'expired':
      return ':hourglass: *Expired: nobody claimed it in time*';
    case 'cancelled':
      return ':leftwards_arrow_with_hook: *Cancelled*';
  }
}

function plainTitleOf(handoff: Handoff): string {
  const who = handoff.agentName ?? handoff.agentId ?? 'an agent';
  if (handoff.status === 'pending') return 'Waiting for a person';
  if (handoff.status === 'assigned') return `Claimed by ${who}`;
  if (handoff.status === 'resolved') return `Resolved by ${who}`;
  return handoff.status === 'expired' ? 'Expired' : 'Cancelled';
}

function factsOf({ handoff, now }: DeskCardView): string[] {
  const { customer, context } = handoff;
  const facts = [`*Channel*\n${escapeMrkdwn(channelLabel(handoff.channelId))}`];
  if (customer.name) facts.push(`*Customer*\n${escapeMrkdwn(customer.name)}`);
  if (customer.tier && customer.tier !== 'standard') facts.push(`*Tier*\n${customer.tier}`);
  const confidence = context.confidence === undefined ? '' : ` (${Math.round(context.confidence * 100)}%)`;
  facts.push(`*Intent*\n${context.intent ? `${escapeMrkdwn(context.intent)}${confidence}` : 'unknown'}`);
  const sentiment = context.sentiment;
  facts.push(
    `*Sentiment*\n${sentiment ? `${sentiment.label} (${sentiment.score.toFixed(2)})` : 'not measured'}`,
  );
  facts.push(`*Reason*\n${REASONS[handoff.reason] ?? handoff.reason}`);
  facts.push(`*Wait*\n${waitText(handoff, now)}`);
  return facts;
}

function waitText(handoff: Handoff, now: number): string {
  const end = handoff.status === 'pending' ? now : (handoff.assignedAt ?? handoff.closedAt ?? now);
  const minutes = Math.max(0, Math.floor((end - handoff.queuedAt) / 60_000));
  const since = `since ${slackTime(handoff.queuedAt)}`;
  return handoff.status === 'pending' ? `${minutes} min, ${since}` : `waited ${minutes} min (${since})`;
}

/** A Slack date token: each reader sees the time in their own time zone. */
function slackTime(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^{time}|${new Date(epochMs).toISOString()}>`;
}

function summaryText(summary: readonly string[]): string {
  if (summary.length === 0) return '_No customer messages in the transcript yet._';
  return `*Customer's last messages*\n${summary.map((line) => `> ${escapeMrkdwn(line)}`).join('\n')}`;
}

function footerOf({ handoff, command }: DeskCardView): string {
  const parts = [`Ref \`#${handoffRef(handoff.id)}\``, `priority ${handoff.priority}`];
  if (handoff.joins > 0) parts.push(`asked again ${handoff.joins}×`);
  if (handoff.status === 'assigned')
    parts.push(`replies in the thread go to the customer; \`${command} resolve\` ends`);
  if (handoff.disposition && handoff.status !== 'assigned') parts.push(escapeMrkdwn(handoff.disposition));
  return parts.join(' · ');
}

function buttonOf(handoff: Handoff): object | undefined {
  if (handoff.status === 'pending') return button('Claim', DESK_CLAIM_ACTION, handoff.id, 'primary');
  if (handoff.status === 'assigned') return button('Resolve', DESK_RESOLVE_ACTION, handoff.id);
  return undefined;
}

function button(label: string, actionId: string, value: string, style?: 'primary'): object {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label, emoji: true },
    value,
    ...(style ? { style } : {}),
  };
}

function section(text: string): object {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): object {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
