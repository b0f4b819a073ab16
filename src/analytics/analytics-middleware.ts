import type { Activity, Middleware, TurnContext } from 'botbuilder-core';
import { getNluResult } from '../bot/nlu/nlu-middleware';
import type { Logger } from '../logging/logger';
import type { SentimentScorer } from './alerts/alert';
import type { AnalyticsEvent } from './analytics-event';
import type { AnalyticsRecorder } from './analytics-recorder';
import { ANALYTICS_SINK_KEY, type AnalyticsSink, type TurnAnalyticsEvent } from './turn-analytics';

/** The turn's understanding, as analytics records it. */
export interface TurnIntent {
  intent: string;
  score: number;
  outOfScope: boolean;
}

/** Options of {@link AnalyticsMiddleware}. */
export interface AnalyticsMiddlewareOptions {
  recorder: Pick<AnalyticsRecorder, 'record'>;
  /** Reads the turn's intent (default: the NLU middleware's result in turn state). */
  readIntent?: (context: TurnContext) => TurnIntent | undefined;
  /** Scores customer messages; none: no sentiment recorded. */
  sentiment?: SentimentScorer;
  /** Called with every scored customer message (e.g. the surge detector). */
  onSentiment?: (event: AnalyticsEvent) => void;
  logger?: Logger;
  now?: () => Date;
}

/**
 * Records each turn's analytics: the customer's message (intent, confidence, out-of-scope,
 * sentiment) and every message sent, and gives the turn an {@link AnalyticsSink} that dialogs
 * report through (`reportTurnEvent`). Put it before NLU: it reads the intent after the turn ran.
 * The message event is built after the turn and scored on the next tick, off the reply's path.
 */
export class AnalyticsMiddleware implements Middleware {
  private readonly now: () => Date;
  private readonly readIntent: (context: TurnContext) => TurnIntent | undefined;

  constructor(private readonly options: AnalyticsMiddlewareOptions) {
    this.now = options.now ?? (() => new Date());
    this.readIntent = options.readIntent ?? getNluResult;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const inbound = context.activity;
    const sink: AnalyticsSink = { record: (event) => this.record(context, event) };
    context.turnState.set(ANALYTICS_SINK_KEY, sink);
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const activity of activities)
        if (activity.type === 'message') sink.record({ type: 'message_out' });
      return sendNext();
    });
    try {
      await next();
    } finally {
      if (inbound.type === 'message' && inbound.text) this.recordMessage(context, inbound, inbound.text);
    }
  }

  private base(context: TurnContext): Omit<AnalyticsEvent, 'type'> {
    const { channelId, conversation, from } = context.activity;
    const base: Omit<AnalyticsEvent, 'type'> = {
      at: this.now().toISOString(),
      channelId: channelId ?? 'unknown',
      conversationId: conversation?.id ?? 'unknown',
    };
    if (from?.id) base.userId = from.id;
    return base;
  }

  private record(context: TurnContext, event: TurnAnalyticsEvent): void {
    const intent = event.intent ?? this.intentOf(context)?.intent;
    this.options.recorder.record({ ...this.base(context), ...event, ...(intent ? { intent } : {}) });
  }

  private intentOf(context: TurnContext): TurnIntent | undefined {
    try {
      return this.readIntent(context);
    } catch {
      return undefined;
    }
  }

  private recordMessage(context: TurnContext, inbound: Partial<Activity>, text: string): void {
    const understood = this.intentOf(context);
    const event: AnalyticsEvent = { ...this.base(context), type: 'message_in' };
    if (understood) {
      event.intent = understood.intent;
      event.confidence = understood.score;
      event.outOfScope = understood.outOfScope;
    }
    const { sentiment } = this.options;
    if (!sentiment) {
      this.options.recorder.record(event);
      return;
    }
    setImmediate(() => {
      try {
        const scored = sentiment(text, inbound.locale);
        event.sentimentScore = scored.score;
        event.sentimentLabel = scored.label;
        this.options.onSentiment?.(event);
      } catch (error) {
        this.options.logger?.warn({ err: error }, 'sentiment scoring failed; message recorded without it');
      }
      this.options.recorder.record(event);
    });
  }
}
