/**
 * Runs NLU once per customer message and leaves the result in turn state, so dialogs, analytics and the
 * handoff gate all read the same understanding without calling the model again.
 */
import type { Middleware, TurnContext } from 'botbuilder-core';
import type { Logger } from '../../logging/logger';
import { type NluResult, NONE_INTENT } from '../../nlu/types';

/** Turn-state key of the {@link NluResult} of the current message. */
export const NLU_RESULT_KEY = Symbol('switchboard.nluResult');

/** Anything that understands a text (the {@link OnnxIntentRecognizer}, or a fake in tests). */
export interface TextUnderstander {
  understand(text: string): Promise<NluResult>;
}

/** Options of {@link NluMiddleware}. */
export interface NluMiddlewareOptions {
  recognizer: TextUnderstander;
  logger?: Logger;
}

/** The NLU result of this turn, or undefined when the activity was not a message with text. */
export function getNluResult(context: TurnContext): NluResult | undefined {
  return context.turnState.get(NLU_RESULT_KEY) as NluResult | undefined;
}

/** The result used when the model is unavailable: out of scope, so dialogs fall back instead of failing. */
export function unavailableResult(text: string): NluResult {
  return {
    text,
    intent: NONE_INTENT,
    score: 0,
    topIntents: [],
    outOfScope: true,
    entities: [],
    modelId: 'unavailable',
  };
}

/**
 * Calls the recognizer once per message activity with non-empty text and stores the result under
 * {@link NLU_RESULT_KEY}. A recognizer error never fails the turn: it is logged with its code and the turn
 * continues with an out-of-scope result.
 */
export class NluMiddleware implements Middleware {
  constructor(private readonly options: NluMiddlewareOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, text } = context.activity;
    if (type === 'message' && typeof text === 'string' && text.trim() !== '') {
      context.turnState.set(NLU_RESULT_KEY, await this.understand(text));
    }
    await next();
  }

  private async understand(text: string): Promise<NluResult> {
    try {
      return await this.options.recognizer.understand(text);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.options.logger?.error({ code, err: error }, 'NLU failed; continuing with an out-of-scope result');
      return unavailableResult(text);
    }
  }
}
