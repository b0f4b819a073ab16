import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import { matchChoice } from '../../rendering/choice-input';
import { type Choice, choicesOf } from '../../rendering/reply';
import { replyFromActivity } from '../reply-activity';

/** Turn-state key of the choice the customer's message picked, when it picked one. */
export const PICKED_CHOICE_KEY = Symbol('switchboard.pickedChoice');

/**
 * Lets customers answer a choice the way their channel allows — "2" by SMS, "press 1" or "the
 * second one" on a call, a button click on web and Slack — by rewriting the message into the
 * picked choice's value before NLU and dialogs see it. The choices offered by the last message the
 * bot sent are remembered in conversation state.
 */
export class ChoiceInputMiddleware implements Middleware {
  constructor(private readonly offered: StatePropertyAccessor<Choice[]>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, text } = context.activity;
    if (type === 'message' && text) {
      const picked = matchChoice(text, await this.offered.get(context, []));
      if (picked) {
        context.activity.text = picked.value;
        context.turnState.set(PICKED_CHOICE_KEY, picked);
      }
    }
    context.onSendActivities(async (ctx, activities, sendNext) => {
      const last = [...activities].reverse().find((a) => a.type === undefined || a.type === 'message');
      if (last) await this.offered.set(ctx, choicesOf(replyFromActivity(last)));
      return sendNext();
    });
    await next();
  }
}
