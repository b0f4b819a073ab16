import type { AnalyticsStore, CustomerConversation, CustomerSummary } from './analytics-store';
import type { TranscriptEntry, TranscriptStore } from './transcript-store';

/** Conversations whose transcript a profile includes: the recent ones an agent reads. */
const DEFAULT_HISTORY_CONVERSATIONS = 5;
/** Lines per conversation in a profile's history: the end of each conversation. */
const DEFAULT_HISTORY_LINES = 20;

/** One conversation in a profile, with the end of its transcript when included. */
export interface ProfileConversation extends CustomerConversation {
  /** The conversation's last lines (PII-redacted), oldest first; absent for older conversations. */
  history?: TranscriptEntry[];
}

/** A customer's profile: their linked identities and conversations across channels. */
export interface CustomerProfileView extends Omit<CustomerSummary, 'conversations'> {
  conversations: ProfileConversation[];
}

/** Options of {@link customerProfile}. */
export interface CustomerProfileOptions {
  store: Pick<AnalyticsStore, 'customer'>;
  transcripts?: Pick<TranscriptStore, 'list'>;
  historyConversations?: number;
  historyLines?: number;
}

/**
 * A customer's profile for agents and dialogs: the identities they were identified from (a web
 * chat user, a phone number on SMS and voice, ...), their conversations on all of them, most
 * recent first, and the end of the recent transcripts. Undefined when the customer was never
 * identified through the bot.
 *
 * @example const profile = await customerProfile({ store, transcripts }, 'cust-1001');
 */
export async function customerProfile(
  options: CustomerProfileOptions,
  customerId: string,
): Promise<CustomerProfileView | undefined> {
  const summary = await options.store.customer(customerId);
  if (!summary) return undefined;
  const withHistory = options.historyConversations ?? DEFAULT_HISTORY_CONVERSATIONS;
  const lines = options.historyLines ?? DEFAULT_HISTORY_LINES;
  const conversations: ProfileConversation[] = [];
  for (const [i, conversation] of summary.conversations.entries()) {
    if (i >= withHistory || !options.transcripts) {
      conversations.push(conversation);
      continue;
    }
    const history = (await options.transcripts.list(conversation.conversationId)).slice(-lines);
    conversations.push({ ...conversation, history });
  }
  return { ...summary, conversations };
}

/** A customer's id on one channel (a web chat user, a phone number on SMS, ...). */
export interface ChannelIdentity {
  channelId: string;
  userId: string;
}

/**
 * The profile of the customer a channel identity was identified as (the agent console looks up a
 * handoff's customer this way). Undefined when that identity was never identified through the bot:
 * identities are linked only by an `identified` event, never guessed.
 *
 * @example const profile = await customerProfileOf({ store, transcripts }, { channelId: 'sms', userId: '+12025550101' });
 */
export async function customerProfileOf(
  options: CustomerProfileOptions & { store: Pick<AnalyticsStore, 'customer' | 'customerIdOf'> },
  identity: ChannelIdentity,
): Promise<CustomerProfileView | undefined> {
  const customerId = await options.store.customerIdOf(identity);
  return customerId === undefined ? undefined : customerProfile(options, customerId);
}
