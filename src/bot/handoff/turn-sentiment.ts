import type { TurnContext } from 'botbuilder-core';
import type { Sentiment } from '../../analytics/alerts/alert';

/** Turn-state key of the customer message's sentiment, read by the escalator (priority, agent context). */
export const TURN_SENTIMENT_KEY = Symbol('switchboard.turnSentiment');

/** Leaves the sentiment of the turn's customer message for later middleware and the escalator. */
export function setTurnSentiment(context: TurnContext, sentiment: Sentiment): void {
  context.turnState.set(TURN_SENTIMENT_KEY, sentiment);
}

/** The sentiment of the turn's customer message, when the sentiment trigger scored it. */
export function getTurnSentiment(context: TurnContext): Sentiment | undefined {
  return context.turnState.get(TURN_SENTIMENT_KEY) as Sentiment | undefined;
}
