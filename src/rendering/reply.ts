/**
 * The reply model: what a dialog wants to say, independent of the channel. Each channel renders it
 * with a pure function (`render-web.ts`, `render-slack.ts`, `render-sms.ts`, `render-voice.ts`).
 */

/** One option the customer can pick. */
export interface Choice {
  /** What the button shows / the voice speaks. */
  title: string;
  /** What picking it says on the customer's behalf (the dialog receives this text). */
  value: string;
  /** Other words that pick it ("debit", "the first card"). */
  synonyms?: string[];
}

/** A short list of labelled values (a statement, a card list). */
export interface ReplyList {
  title?: string;
  items: Array<{ label: string; value: string }>;
}

/** Per-channel wording of the same reply. */
export interface ReplyVariants {
  /** Short text for SMS (segment budget). */
  sms?: string;
  /** Wording meant to be heard: no symbols, numbers spelled as people say them. */
  voice?: string;
}

/** Everything a dialog can say in one message. */
export interface Reply {
  text: string;
  variants?: ReplyVariants;
  choices?: Choice[];
  list?: ReplyList;
  /** A yes/no question: channels render yes/no choices and accept yes/no words. */
  confirmation?: boolean;
}

/** The channels Switchboard renders for. */
export type ChannelKind = 'webchat' | 'slack' | 'sms' | 'voice';

/** Yes/no choices of a confirmation. */
export const CONFIRM_CHOICES: readonly Choice[] = [
  { title: 'Yes', value: 'yes', synonyms: ['yes', 'yeah', 'yep', 'correct', 'sure', 'ok', 'right'] },
  { title: 'No', value: 'no', synonyms: ['no', 'nope', 'not really', 'wrong', 'cancel that'] },
];

/** The choices a reply offers (a confirmation's yes/no included). */
export function choicesOf(reply: Reply): Choice[] {
  if (reply.choices && reply.choices.length > 0) return reply.choices;
  return reply.confirmation ? [...CONFIRM_CHOICES] : [];
}

/** The text of a reply for a channel: its variant when it has one. */
export function textFor(reply: Reply, channel: ChannelKind): string {
  if (channel === 'sms') return reply.variants?.sms ?? reply.text;
  if (channel === 'voice') return reply.variants?.voice ?? reply.variants?.sms ?? reply.text;
  return reply.text;
}

/** Maps a botbuilder channel id to the renderer kind (unknown channels render like web chat). */
export function channelKindOf(channelId: string | undefined): ChannelKind {
  if (channelId === 'slack' || channelId === 'sms' || channelId === 'voice') return channelId;
  return 'webchat';
}
