import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder-core';
import { UnsupportedActivityError } from '../src/errors';

/** The bot's logic for one turn. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/** Options of one {@link ChannelAdapter.processActivity} call. */
export interface ProcessActivityOptions {
  /** Values placed in `context.turnState` before the pipeline runs (e.g. a reply collector). */
  turnState?: ReadonlyArray<readonly [symbol, unknown]>;
}

/** Name of the event activity that starts a proactive (continued) turn. */
export const CONTINUE_CONVERSATION_EVENT = 'continueConversation';

/**
 * The base of every Switchboard channel adapter: botbuilder's `BotAdapter` plus the two entry
 * points every channel shares. A subclass only maps its platform to and from `Activity` and
 * implements `sendActivities`; the turn pipeline (middleware) is the same for every channel.
 *
 * @example
 * class MyAdapter extends ChannelAdapter {
 *   readonly channelId = 'my-channel';
 *   async sendActivities(context, activities) { ... }
 * }
 */
export abstract class ChannelAdapter extends BotAdapter {
  /** The botbuilder `channelId` this adapter stamps on activities (`webchat`, `slack`, `sms`, `voice`). */
  abstract readonly channelId: string;

  /**
   * Runs one inbound activity through the middleware pipeline and `logic`.
   * Returns the replies buffered when the activity asked for `deliveryMode: 'expectReplies'`
   * (voice); other channels deliver replies through `sendActivities` as they are sent.
   */
  async processActivity(
    activity: Partial<Activity>,
    logic: BotLogic,
    options: ProcessActivityOptions = {},
  ): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, { ...activity, channelId: this.channelId });
    for (const [key, value] of options.turnState ?? []) context.turnState.set(key, value);
    try {
      await this.runMiddleware(context, logic);
      return context.bufferedReplyActivities;
    } finally {
      context.turnState.clear();
    }
  }

  /**
   * Runs a proactive turn in a conversation known by its stored `ConversationReference`
   * (agent replies, queue updates, timeouts). It goes through the same middleware, including the
   * turn lock, so it never interleaves with a customer's turn.
   */
  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: BotLogic,
  ): Promise<void> {
    const event: Partial<Activity> = { type: ActivityTypes.Event, name: CONTINUE_CONVERSATION_EVENT };
    const activity = TurnContext.applyConversationReference(event, reference, true);
    const context = new TurnContext(this, activity);
    try {
      await this.runMiddleware(context, logic);
    } finally {
      context.turnState.clear();
    }
  }

  /** Channels that can edit a sent message override this. */
  override async updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<void> {
    throw new UnsupportedActivityError(`The ${this.channelId} channel cannot update a sent message.`);
  }

  /** Channels that can delete a sent message override this. */
  override async deleteActivity(
    _context: TurnContext,
    _reference: Partial<ConversationReference>,
  ): Promise<void> {
    throw new UnsupportedActivityError(`The ${this.channelId} channel cannot delete a sent message.`);
  }

  abstract override sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]>;
}
