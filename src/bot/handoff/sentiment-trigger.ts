import type { Middleware, Storage, TurnContext } from 'botbuilder-core';
import { escalationMessage } from '../../../dialogs/escalate';
import type { Escalator } from '../../../dialogs/escalation';
import type { Sentiment, SentimentScorer } from '../../analytics/alerts/alert';
import { createSentimentScorer } from '../../analytics/sentiment/sentiment-scorer';
import { setTurnSentiment } from './turn-sentiment';

/**
 * A message this negative escalates at once: with the scorer's normalisation (α = 15) −0.8 is a
 * raw AFINN sum of −4 or lower, two strongly negative words ("I am furious, this is useless").
 * One negative word ("this is terrible", "my card was charged twice", −0.61) stays with the bot:
 * customers describing a problem use such words without wanting a person.
 */
export const DEFAULT_ESCALATE_AT_OR_BELOW = -0.8;
/**
 * Negative messages in a row (each labelled `negative` by the scorer) that escalate. Three, not
 * two: a dispute ("charged twice", then "the wrong amount") gives two in a row without anger.
 */
export const DEFAULT_NEGATIVE_IN_A_ROW = 3;
/**
 * After a sentiment escalation, no other one for this long: a customer who said "cancel" to get
 * back to the bot must not be pushed into the queue again by their next grumble.
 */
export const DEFAULT_SENTIMENT_COOLDOWN_MS = 30 * 60_000;

/** Said before the queue position when negative sentiment brought a person in. */
export const SENTIMENT_ESCALATION_PREFIX = "I'm sorry this has been frustrating. ";

/** Options of {@link SentimentTriggerMiddleware}. */
export interface SentimentTriggerOptions {
  /** The escalator the dialogs use (`HandoffEscalator`). */
  escalator: Escalator;
  /** Shared storage for the per-conversation streak (memory or Redis). */
  storage: Storage;
  /** Default: the analytics scorer (`createSentimentScorer()`). */
  scorer?: SentimentScorer;
  /** Score at or below which one message escalates; default {@link DEFAULT_ESCALATE_AT_OR_BELOW}. */
  escalateAtOrBelow?: number;
  /** Consecutive `negative` messages that escalate; default {@link DEFAULT_NEGATIVE_IN_A_ROW}. */
  negativeInARow?: number;
  /** Quiet period after a sentiment escalation; default {@link DEFAULT_SENTIMENT_COOLDOWN_MS}. */
  cooldownMs?: number;
  now?: () => number;
}

/** What is kept per conversation between turns. */
interface SentimentStreak {
  negativeInARow: number;
  escalatedAt?: number;
  eTag?: string;
}

/**
 * Negative sentiment as an escalation trigger: after the handoff gate, so it never sees a
 * conversation a person already serves, nor a CSAT answer, and after the NLU, so the escalation
 * goes to the skill queue of what the customer asked about (`intentSkills`). Each customer
 * message is scored; the sentiment is left in turn state for the escalator (it raises the queue
 * priority and is shown to the agent). A very negative message, or several negative ones in a
 * row, opens a handoff with reason `negative-sentiment` and tells the customer their place in
 * line instead of running the bot. When no person is available the bot answers as usual.
 *
 * @example
 * new SwitchboardServer({ ..., gate: [handoff.gate], inner: [nlu, new SentimentTriggerMiddleware({ escalator, storage })] });
 */
export class SentimentTriggerMiddleware implements Middleware {
  private readonly scorer: SentimentScorer;
  private readonly escalateAtOrBelow: number;
  private readonly negativeInARow: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SentimentTriggerOptions) {
    this.scorer = options.scorer ?? createSentimentScorer();
    this.escalateAtOrBelow = options.escalateAtOrBelow ?? DEFAULT_ESCALATE_AT_OR_BELOW;
    this.negativeInARow = options.negativeInARow ?? DEFAULT_NEGATIVE_IN_A_ROW;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_SENTIMENT_COOLDOWN_MS;
    this.now = options.now ?? Date.now;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, text, locale, channelId, conversation } = context.activity;
    if (type !== 'message' || !text?.trim() || !conversation?.id) return next();
    const sentiment = this.scorer(text, locale);
    setTurnSentiment(context, sentiment);
    // Under the conversation's state prefix, so customer export and erase include it.
    const key = `${channelId}/conversations/${conversation.id}/sentiment-trigger`;
    const streak = await this.read(key);
    const negativeInARow = sentiment.label === 'negative' ? streak.negativeInARow + 1 : 0;
    if (!this.shouldEscalate(sentiment, negativeInARow, streak)) {
      if (negativeInARow !== streak.negativeInARow) await this.write(key, { ...streak, negativeInARow });
      return next();
    }
    const outcome = await this.options.escalator.escalate(context, { reason: 'negative-sentiment' });
    if (outcome.status !== 'queued') {
      await this.write(key, { ...streak, negativeInARow });
      return next();
    }
    await this.write(key, { ...streak, negativeInARow: 0, escalatedAt: this.now() });
    await context.sendActivity(`${SENTIMENT_ESCALATION_PREFIX}${escalationMessage(outcome)}`);
  }

  private shouldEscalate(sentiment: Sentiment, negativeInARow: number, streak: SentimentStreak): boolean {
    if (streak.escalatedAt !== undefined && this.now() - streak.escalatedAt < this.cooldownMs) return false;
    return sentiment.score <= this.escalateAtOrBelow || negativeInARow >= this.negativeInARow;
  }

  private async read(key: string): Promise<SentimentStreak> {
    const items = await this.options.storage.read([key]);
    return (items[key] as SentimentStreak | undefined) ?? { negativeInARow: 0 };
  }

  private async write(key: string, streak: SentimentStreak): Promise<void> {
    // The turn lock serialises a conversation's turns, so last-writer-wins is safe here.
    await this.options.storage.write({ [key]: { ...streak, eTag: '*' } });
  }
}
