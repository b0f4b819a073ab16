import type { TurnContext } from 'botbuilder-core';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { replyActivity } from '../src/bot/reply-activity';
import { choicesOf, type Reply } from '../src/rendering/reply';
import { outOfRangeChoice } from './slots/choice-range';

/** How a slot's answer was understood. */
export type SlotParse<T> = { ok: true; value: T } | { ok: false; reprompt: string };

/** What a slot asks, how it reads the answer, and what "help" says about it. */
export interface SlotSpec<T> {
  /** The question (may depend on what the form knows so far). */
  prompt: (options: SlotOptions) => Reply;
  /** Reads the customer's answer; a failure says specifically what was wrong. */
  parse: (text: string, context: TurnContext, options: SlotOptions) => SlotParse<T>;
  /** What "help" explains at this step. */
  help: string;
  /** Failed answers before the form offers a person instead of looping. */
  maxAttempts?: number;
}

/** Options a form passes when it asks a slot (persisted: plain data only). */
export interface SlotOptions {
  /** Choices to offer, when the form computed them (the customer's cards, ...). */
  choices?: Array<{ title: string; value: string }>;
  /** Extra data for the prompt text. */
  data?: Record<string, string>;
}

/** What a slot dialog returns to its form. */
export type SlotResult<T> = { ok: true; value: T } | { ok: false; reason: 'too-many-attempts' };

/** Three tries, then a person: looping longer only frustrates customers. */
export const DEFAULT_MAX_ATTEMPTS = 3;

interface SlotState {
  options: SlotOptions;
  attempts: number;
}

/**
 * Asks one form field and validates the answer with a specific re-prompt on failure. After
 * `maxAttempts` failures it ends with `{ ok: false }`, and the form offers a person.
 * Interruptions (cancel, help, FAQ, agent) are handled by the form before the slot sees the text.
 */
export class SlotDialog<T> extends Dialog<SlotOptions> {
  constructor(
    dialogId: string,
    private readonly spec: SlotSpec<T>,
  ) {
    super(dialogId);
  }

  /** What "help" explains while this slot is active. */
  get help(): string {
    return this.spec.help;
  }

  override async beginDialog(dc: DialogContext, options?: SlotOptions): Promise<DialogTurnResult> {
    const state: SlotState = { options: options ?? {}, attempts: 0 };
    dc.activeDialog!.state = state;
    await dc.context.sendActivity(replyActivity(this.spec.prompt(state.options)));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as SlotState;
    const text = (dc.context.activity.text ?? '').trim();
    const question = this.spec.prompt(state.options);
    // An option number that was not offered ("7" of two) gets its own re-prompt, not the parser's.
    const outOfRange = outOfRangeChoice(text, choicesOf(question));
    const parsed: SlotParse<T> = outOfRange
      ? { ok: false, reprompt: outOfRange }
      : this.spec.parse(text, dc.context, state.options);
    if (parsed.ok) return dc.endDialog({ ok: true, value: parsed.value } satisfies SlotResult<T>);
    state.attempts++;
    if (state.attempts >= (this.spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      return dc.endDialog({ ok: false, reason: 'too-many-attempts' } satisfies SlotResult<T>);
    }
    // The question's choices go with the re-prompt: SMS numbers them again, voice says the keys.
    await dc.context.sendActivity(replyActivity({ ...question, text: parsed.reprompt, variants: undefined }));
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: { state: unknown }): Promise<void> {
    const state = instance.state as SlotState;
    await context.sendActivity(replyActivity(this.spec.prompt(state.options)));
  }
}
