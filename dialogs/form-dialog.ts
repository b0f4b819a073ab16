import type { TurnContext } from 'botbuilder-core';
import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  type DialogInstance,
  DialogReason,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStep,
} from 'botbuilder-dialogs';
import { reportTurnEvent } from '../src/analytics/turn-analytics';
import { replyActivity } from '../src/bot/reply-activity';
import type { DialogServices } from './dialog-services';
import { escalateAndTell } from './escalate';
import type { EscalationReason } from './escalation';
import { detectInterruption } from './interruptions';
import { OFFER_HUMAN_DIALOG_ID, OfferHumanDialog } from './offer-human-dialog';
import { SlotDialog } from './slot-dialog';

/** What a form says about itself in interruptions. */
export interface FormDescription {
  /** Persisted dialog id: keep it stable. */
  id: string;
  /** "reporting your lost card": used in "OK, I've stopped …". */
  activity: string;
  /** The skill queue a failed form escalates to. */
  skill: string;
  /** The intent the form serves, recorded with an escalation. */
  intent: string;
}

/** Key in the form's persisted state: it was cancelled, escalated or failed, so its end is no completion. */
const FORM_FAILED_KEY = 'analytics.formFailed';

/**
 * The base of every form (multi-turn task). It handles interruptions before the current step
 * sees the message: "cancel" ends the form and says so; "help" explains the current step and asks
 * again; a request for a person escalates; a question the FAQ answers is answered and the form
 * resumes where it was. A step that fails too often offers a person instead of looping.
 */
export abstract class FormDialog extends ComponentDialog {
  protected constructor(
    protected readonly form: FormDescription,
    protected readonly services: DialogServices,
  ) {
    super(form.id);
    this.addDialog(new OfferHumanDialog(services, { skill: form.skill, intent: form.intent }));
  }

  /** Registers the form's waterfall (id `<form>.steps`) as its first dialog. */
  protected addSteps(steps: WaterfallStep[]): void {
    this.addDialog(new WaterfallDialog(`${this.form.id}.steps`, steps));
    this.initialDialogId = `${this.form.id}.steps`;
  }

  /** Reports `form_started` (analytics), then begins the form. */
  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    reportTurnEvent(outerDc.context, { type: 'form_started', form: this.form.id, intent: this.form.intent });
    return super.beginDialog(outerDc, options);
  }

  /** Reports `form_completed` when the steps ended normally, else `form_abandoned` (analytics). */
  override async endDialog(
    context: TurnContext,
    instance: DialogInstance,
    reason: DialogReason,
  ): Promise<void> {
    const completed = reason === DialogReason.endCalled && instance.state?.[FORM_FAILED_KEY] !== true;
    const type = completed ? 'form_completed' : 'form_abandoned';
    reportTurnEvent(context, { type, form: this.form.id, intent: this.form.intent });
    return super.endDialog(context, instance, reason);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interruption = detectInterruption(innerDc.context, this.services);
    if (!interruption) return super.onContinueDialog(innerDc);
    switch (interruption.kind) {
      case 'cancel':
        await innerDc.context.sendActivity(
          `OK, I've stopped ${this.form.activity}. Nothing was changed. Anything else I can do?`,
        );
        this.markUnfinished(innerDc);
        return innerDc.cancelAllDialogs();
      case 'help':
        await innerDc.context.sendActivity(this.helpText(innerDc));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'agent':
        return this.escalate(innerDc, 'customer-asked');
      case 'faq': {
        reportTurnEvent(innerDc.context, { type: 'faq_answered' });
        // The entry's own SMS and voice wording, as the FAQ dialog sends it outside a form.
        const { text, sms, voice } = interruption.answer.answer;
        await innerDc.context.sendActivity(replyActivity({ text, variants: { sms, voice } }));
        await innerDc.context.sendActivity(`Now, back to ${this.form.activity}.`);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
    }
  }

  /** Ends the form and hands the conversation to a person. */
  protected async escalate(dc: DialogContext, reason: EscalationReason): Promise<DialogTurnResult> {
    this.markUnfinished(dc);
    await escalateAndTell(dc.context, this.services.escalator, {
      reason,
      skill: this.form.skill,
      intent: this.form.intent,
    });
    return dc.cancelAllDialogs();
  }

  /**
   * A step's answer failed too often: offer a person. The offer replaces the form's steps, so the
   * form ends when the offer does, whatever the customer answers.
   */
  protected offerHuman(dc: DialogContext): Promise<DialogTurnResult> {
    this.markUnfinished(dc);
    return dc.replaceDialog(OFFER_HUMAN_DIALOG_ID, { reason: 'form-failed' });
  }

  /** Marks this form's instance so that its end counts as abandoned, not completed (analytics). */
  private markUnfinished(dc: DialogContext): void {
    let owner: DialogContext | undefined = dc;
    while (owner && owner.activeDialog?.id !== this.id) owner = owner.parent;
    if (owner?.activeDialog) owner.activeDialog.state[FORM_FAILED_KEY] = true;
  }

  private helpText(innerDc: DialogContext): string {
    const active = innerDc.child?.activeDialog ?? innerDc.activeDialog;
    const dialog = active ? this.findDialog(active.id) : undefined;
    const step = dialog instanceof SlotDialog ? ` ${dialog.help}` : '';
    return `You're ${this.form.activity}.${step} Say "cancel" to stop, or "agent" to talk to a person.`;
  }

  /** Sends a reply built from the reply model. */
  protected async say(dc: DialogContext, text: string): Promise<void> {
    await dc.context.sendActivity(replyActivity({ text }));
  }
}
