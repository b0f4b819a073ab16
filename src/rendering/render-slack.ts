import { choicesOf, type Reply, textFor } from './reply';

/** A Block Kit block (the subset Switchboard produces). */
export type SlackBlock =
  | {
      type: 'section';
      text: { type: 'mrkdwn'; text: string };
      fields?: Array<{ type: 'mrkdwn'; text: string }>;
    }
  | {
      type: 'actions';
      block_id: string;
      elements: Array<{
        type: 'button';
        action_id: string;
        text: { type: 'plain_text'; text: string; emoji: boolean };
        value: string;
      }>;
    };

/** A reply as a Slack message: `text` is the notification / accessibility fallback. */
export interface SlackRendering {
  text: string;
  blocks: SlackBlock[];
}

/** The block id of choice buttons; the adapter recognises clicks by it. */
export const SLACK_CHOICES_BLOCK_ID = 'swb_choices';
/** Slack allows at most 25 elements in an actions block and 10 fields in a section. */
const MAX_BUTTONS = 25;
const MAX_FIELDS = 10;
/** Slack truncates button labels past 75 characters and values past 2,000. */
const MAX_BUTTON_LABEL = 75;
const MAX_BUTTON_VALUE = 2000;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders a reply as Block Kit: a section with the text, list items as fields, choices as buttons. */
export function renderSlack(reply: Reply): SlackRendering {
  const text = textFor(reply, 'slack');
  const section: SlackBlock = { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } };
  if (reply.list && reply.list.items.length > 0) {
    section.fields = reply.list.items.slice(0, MAX_FIELDS).map((item) => ({
      type: 'mrkdwn' as const,
      text: `*${escapeMrkdwn(item.label)}*\n${escapeMrkdwn(item.value)}`,
    }));
  }
  const blocks: SlackBlock[] = [section];
  const choices = choicesOf(reply).slice(0, MAX_BUTTONS);
  if (choices.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: SLACK_CHOICES_BLOCK_ID,
      elements: choices.map((c, i) => ({
        type: 'button' as const,
        action_id: `swb_choice_${i}`,
        text: { type: 'plain_text' as const, text: c.title.slice(0, MAX_BUTTON_LABEL), emoji: true },
        value: c.value.slice(0, MAX_BUTTON_VALUE),
      })),
    });
  }
  return { text, blocks };
}
