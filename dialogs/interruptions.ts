import type { TurnContext } from 'botbuilder-core';
import type { DialogServices, FaqAnswer } from './dialog-services';

/** Words that cancel the current form, whatever the NLU says. */
const CANCEL_WORDS = /^(cancel|stop|quit|never ?mind|forget it|abort)[.!]*$/i;
const HELP_WORDS = /^(help|what do i (say|do)|i don'?t understand|\?)[.!?]*$/i;
const AGENT_WORDS = /\b(agent|human|person|representative|operator|someone real)\b/i;
const QUESTION_START = /^(how|what|when|where|why|which|who|can|could|do|does|is|are|will|should)\b/i;

/** What a message interrupts a form with, if anything. */
export type Interruption =
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'agent' }
  | { kind: 'faq'; answer: FaqAnswer };

/**
 * Decides whether a message mid-form is an interruption: cancel, help, a request for a person, or
 * a question the knowledge base answers. Anything else is the answer to the current step.
 */
export function detectInterruption(context: TurnContext, services: DialogServices): Interruption | undefined {
  const text = (context.activity.text ?? '').trim();
  const intent = services.readIntent(context);
  const sure = intent && !intent.outOfScope ? intent.intent : undefined;
  if (CANCEL_WORDS.test(text) || sure === 'cancel') return { kind: 'cancel' };
  if (HELP_WORDS.test(text)) return { kind: 'help' };
  if (sure === 'talk_to_agent' || (AGENT_WORDS.test(text) && text.split(/\s+/).length <= 8))
    return { kind: 'agent' };
  if (looksLikeQuestion(text) && services.faq) {
    const answer = services.faq.lookup(text, context.activity.channelId ?? 'webchat');
    if (answer) return { kind: 'faq', answer };
  }
  return undefined;
}

/** A question mark, or a sentence that starts like a question. */
export function looksLikeQuestion(text: string): boolean {
  return text.includes('?') || (QUESTION_START.test(text) && text.split(/\s+/).length >= 3);
}
