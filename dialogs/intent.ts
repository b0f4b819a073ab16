import type { TurnContext } from 'botbuilder-core';
import type { Entity } from '../src/nlu/types';

/** What the dialogs need to know about a customer's message. */
export interface IntentResult {
  /** The intent name, or `None` when the message is out of scope. */
  intent: string;
  score: number;
  outOfScope: boolean;
  /** Entities the NLU found (dates, amounts, card digits, ...). */
  entities?: Entity[];
}

/** Reads the intent of the current turn (from the NLU middleware's result in turn state). */
export type IntentReader = (context: TurnContext) => IntentResult | undefined;

/** The intent name the recognizer returns for out-of-scope messages. */
export const NONE_INTENT = 'None';
