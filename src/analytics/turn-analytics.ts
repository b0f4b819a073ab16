/**
 * The optional hook dialogs report analytics through: `reportTurnEvent(context, event)` hands the
 * event to the analytics middleware of this turn, which adds the channel, conversation, customer
 * and intent. Without analytics installed it does nothing, so dialogs never depend on it.
 */
import type { TurnContext } from 'botbuilder-core';
import type { AnalyticsEvent } from './analytics-event';

/** What a dialog reports: the event without what the turn already knows. */
export type TurnAnalyticsEvent = Omit<AnalyticsEvent, 'at' | 'channelId' | 'conversationId' | 'userId'>;

/** Receives the events reported during one turn. */
export interface AnalyticsSink {
  record(event: TurnAnalyticsEvent): void;
}

/** Turn-state key of this turn's {@link AnalyticsSink}. */
export const ANALYTICS_SINK_KEY = Symbol('switchboard.analyticsSink');

/**
 * Reports an analytics event of the current turn (FAQ answered, form completed, CSAT, …); a no-op
 * when analytics is off.
 *
 * @example reportTurnEvent(step.context, { type: 'faq_feedback', helpful: true });
 */
export function reportTurnEvent(context: TurnContext, event: TurnAnalyticsEvent): void {
  (context.turnState.get(ANALYTICS_SINK_KEY) as AnalyticsSink | undefined)?.record(event);
}
