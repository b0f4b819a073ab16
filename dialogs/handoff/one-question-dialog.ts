import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { replyActivity } from '../../src/bot/reply-activity';
import type { HandoffStatusValue } from '../../src/handoff/handoff-events';
import { matchChoice } from '../../src/rendering/choice-input';
import type { Choice, Reply } from '../../src/rendering/reply';

/** What a one-question dialog ends with: whether it used the customer's message. */
export interface OneQuestionResult {
  /** False when the message was not an answer: the caller lets the bot handle it instead. */
  consumed: boolean;
}

/** What the dialog keeps between its two turns. */
interface QuestionState {
  value: HandoffStatusValue;
}

/**
 * A dialog that asks one question with choices after a handoff ends, and takes one answer. The
 * choices render per channel (buttons, numbered on SMS, keypad on voice) and the answer is matched
 * the same way ("4", "press 4", "good"). A message that is not an answer ends the dialog with
 * `consumed: false`, so a customer who moves on ("what's my balance?") is not blocked by a survey.
 */
export abstract class OneQuestionDialog extends Dialog {
  /** The question, built from the `handoff.status` value. */
  protected abstract question(value: HandoffStatusValue): Reply & { choices: Choice[] };

  /** Handles the picked choice (records it, answers the customer). */
  protected abstract answered(dc: DialogContext, choice: Choice, value: HandoffStatusValue): Promise<void>;

  override async beginDialog(dc: DialogContext, options?: HandoffStatusValue): Promise<DialogTurnResult> {
    const value = options ?? (dc.context.activity.value as HandoffStatusValue);
    (dc.activeDialog as { state: QuestionState }).state = { value };
    await dc.context.sendActivity(replyActivity(this.question(value)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
    const { value } = (dc.activeDialog as { state: QuestionState }).state;
    const picked = matchChoice(dc.context.activity.text ?? '', this.question(value).choices);
    if (!picked) return dc.endDialog({ consumed: false } satisfies OneQuestionResult);
    await this.answered(dc, picked, value);
    return dc.endDialog({ consumed: true } satisfies OneQuestionResult);
  }
}
