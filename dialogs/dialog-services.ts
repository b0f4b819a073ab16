import type { StatePropertyAccessor } from 'botbuilder-core';
import type { registerAcmeBankActions } from '../src/actions/acme-actions';
import type { Escalator } from './escalation';
import type { IntentReader } from './intent';

/** The Acme Bank backend actions, typed. */
export type AcmeActions = ReturnType<typeof registerAcmeBankActions<Record<never, never>>>;

/** One answer the knowledge base found. */
export interface FaqAnswer {
  entryId: string;
  question: string;
  /** The answer text, with channel variants when the entry has them. */
  answer: { text: string; sms?: string; voice?: string };
  score: number;
}

/** Finds the company's answer to a question, or says there is none. */
export interface FaqLookup {
  lookup(question: string, channelId: string): FaqAnswer | undefined;
}

/** Records what customers said about answers and questions nobody answered. */
export interface FeedbackRecorder {
  helpful(
    entryId: string,
    helpful: boolean,
    meta: { channelId: string; conversationId: string },
  ): Promise<void>;
  unanswered(text: string, meta: { channelId: string; conversationId: string }): Promise<void>;
}

/** What the bot remembers about a customer across sessions (user state). */
export interface CustomerProfile {
  customerId?: string;
  firstName?: string;
  /** Epoch ms until which a one-time-code verification counts. */
  verifiedUntil?: number;
}

/** What the bot knows of a customer from their conversations on every linked channel. */
export interface CustomerHistory {
  /** First name recorded when they were identified, if any. */
  name: string | null;
  /** Their conversations, most recent first. */
  conversations: ReadonlyArray<{ conversationId: string; channelId: string; lastAt: string }>;
}

/** Everything the demo bot's dialogs use, injected (tests pass their own). */
export interface DialogServices {
  readIntent: IntentReader;
  /** The customer's profile in user state. */
  profile: StatePropertyAccessor<CustomerProfile>;
  /** Misunderstood messages in a row (conversation state). */
  lowConfidence: StatePropertyAccessor<number>;
  actions: AcmeActions;
  escalator: Escalator;
  faq?: FaqLookup;
  feedback?: FeedbackRecorder;
  /**
   * A customer's history across channels by customer id (analytics' `profileOf`), used to greet a
   * returning customer on a new channel; omitted: the greeting knows only user state.
   */
  profileOf?: (customerId: string) => Promise<CustomerHistory | undefined>;
  /** The clock: "last Tuesday" resolves against it; a dispute date may not be after it. */
  now: () => Date;
}
