import type { TurnContext } from 'botbuilder-core';
import type { EscalationOutcome, EscalationRequest, Escalator } from './escalation';

/** What the customer is told about an escalation, on every channel. */
export function escalationMessage(outcome: EscalationOutcome): string {
  if (outcome.status === 'unavailable') {
    return "I'm sorry, no one from our team is available right now. You can call us at 1-800-555-0199, or keep chatting with me.";
  }
  const minutes = outcome.etaMinutes <= 1 ? 'about a minute' : `about ${outcome.etaMinutes} minutes`;
  const prefix = outcome.joined ? "You're already in line for a person" : 'Connecting you to a person';
  return `${prefix}: you are number ${outcome.position} in line, ${minutes}. Say "cancel" to go back to the bot.`;
}

/** Escalates and tells the customer what happens next; returns the outcome. */
export async function escalateAndTell(
  context: TurnContext,
  escalator: Escalator,
  request: EscalationRequest,
): Promise<EscalationOutcome> {
  const outcome = await escalator.escalate(context, request);
  await context.sendActivity(escalationMessage(outcome));
  return outcome;
}
