/**
 * Switchboard's own NLU types: what the recognizer returns for one customer message.
 * Dialogs read these (never a botbuilder `RecognizerResult` shape directly).
 */

/** The intent name returned when a message is out of scope; dialogs treat it as fallback. */
export const NONE_INTENT = 'None';

/** The label out-of-scope training examples carry (`{"intent": "oos"}` in JSONL data). */
export const OOS_LABEL = 'oos';

/** One intent with its probability. */
export interface IntentScore {
  intent: string;
  score: number;
}

/** Where an entity came from: the bot's data (`regex`, `lookup`) or a built-in extractor. */
export type EntitySource =
  | 'regex'
  | 'lookup'
  | 'datetime'
  | 'money'
  | 'number'
  | 'phone'
  | 'email'
  | 'card_last4';

/** A money amount; `currency` is an ISO 4217 code, or `null` when the message names none. */
export interface MoneyValue {
  amount: number;
  currency: string | null;
}

/** A date or time (ISO 8601), with an end when the message names a range. */
export interface DateTimeValue {
  start: string;
  end: string | null;
  /** True when the message gave a time of day, not only a date. */
  hasTime: boolean;
}

/** The normalised value of an entity. */
export type EntityValue = string | number | MoneyValue | DateTimeValue;

/** An entity found in a message, with its span in the original text (UTF-16 offsets, end exclusive). */
export interface Entity {
  /** Entity type, e.g. `card_type`, `datetime`, `money`, `phone_number`. */
  type: string;
  /** The matched text, exactly as it appears at `text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  value: EntityValue;
  source: EntitySource;
}

/** What the NLU understood from one message. */
export interface NluResult {
  text: string;
  /** The best intent, or {@link NONE_INTENT} when the message is out of scope. */
  intent: string;
  /** Confidence in `intent`; for `None`, the probability mass not on the best in-scope intent. */
  score: number;
  /** In-scope intents by decreasing probability (at most five). */
  topIntents: IntentScore[];
  outOfScope: boolean;
  entities: Entity[];
  /** Identifies the model that answered (data hash + training date), for logs and analytics. */
  modelId: string;
}

/** One labelled training or evaluation message. */
export interface LabeledExample {
  text: string;
  /** Intent name, or {@link OOS_LABEL} for an out-of-scope example. */
  intent: string;
}
