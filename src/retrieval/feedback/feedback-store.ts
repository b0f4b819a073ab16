/**
 * The FAQ feedback port: "did that help?" answers and questions the bot could not answer, kept for a
 * person to review (`npx switchboard faq unanswered`). Every stored text passes through `redactPii`
 * first; implementations: {@link MemoryFeedbackStore} and {@link SqliteFeedbackStore}.
 */
import { redactPii } from '../../privacy/redact';
import { normalizePhrasing } from '../knowledge-base';

/** A customer's answer to "did that help?". */
export interface HelpfulFeedback {
  entryId: string;
  helpful: boolean;
  channel: string;
  conversationId: string;
}

/** A question no entry answered above the threshold. */
export interface UnansweredQuestion {
  /** The customer's text; redacted before it is stored. */
  text: string;
  channel: string;
  conversationId: string;
}

/** Unanswered questions grouped by their normalized (redacted) text. */
export interface UnansweredSummary {
  /** The latest wording of the question, redacted. */
  text: string;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  channels: string[];
}

/** Helpful / not helpful counts of one entry. */
export interface HelpfulnessSummary {
  entryId: string;
  helpful: number;
  notHelpful: number;
}

/** Options of the list methods. */
export interface ListOptions {
  /** Most rows returned (default 50). */
  limit?: number;
}

/** Where FAQ feedback is kept. */
export interface FeedbackStore {
  recordHelpful(feedback: HelpfulFeedback): Promise<void>;
  /** Records a question (redacted); empty text is ignored. */
  recordUnanswered(question: UnansweredQuestion): Promise<void>;
  /** Grouped unanswered questions, most frequent first (then most recent). */
  listUnanswered(options?: ListOptions): Promise<UnansweredSummary[]>;
  /** Entries with feedback, most "not helpful" first. */
  listHelpfulness(options?: ListOptions): Promise<HelpfulnessSummary[]>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** Default of {@link ListOptions.limit}. */
export const DEFAULT_LIST_LIMIT = 50;
/** Stored questions are cut to this length, like retrieval queries. */
export const MAX_STORED_CHARS = 1000;

/** An unanswered question ready to store: redacted text, grouping key, redacted conversation id. */
export interface PreparedUnanswered {
  text: string;
  key: string;
  channel: string;
  conversationId: string;
}

/**
 * Redacts and normalizes a question for storage, or returns undefined for an empty one. The
 * conversation id is redacted too: on SMS and voice it may be the customer's phone number.
 */
export function prepareUnanswered(question: UnansweredQuestion): PreparedUnanswered | undefined {
  const text = redactPii(question.text.slice(0, MAX_STORED_CHARS).trim());
  const key = normalizePhrasing(text);
  if (key === '') return undefined;
  return { text, key, channel: question.channel, conversationId: redactPii(question.conversationId) };
}

/** A clamped, positive integer limit. */
export function limitOf(options: ListOptions | undefined): number {
  const limit = Math.floor(options?.limit ?? DEFAULT_LIST_LIMIT);
  return Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_LIST_LIMIT;
}
