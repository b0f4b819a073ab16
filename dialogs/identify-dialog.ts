import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { DialogServices } from './dialog-services';
import { SlotDialog, type SlotResult } from './slot-dialog';
import { parsePhone } from './slots/parsers';

/** Persisted dialog id. */
export const IDENTIFY_DIALOG_ID = 'identify';
const PHONE_SLOT = `${IDENTIFY_DIALOG_ID}.phone`;
/** Phone numbers tried before the bot stops guessing and offers a person. */
const MAX_LOOKUPS = 3;

/**
 * Finds who the customer is: from the profile remembered in user state; from the caller or
 * texter's phone number on SMS and voice; otherwise by asking for the phone number on the account.
 * Ends with the customer id, or undefined when it could not tell.
 */
export class IdentifyDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(IDENTIFY_DIALOG_ID);
    this.addDialog(
      new SlotDialog<string>(PHONE_SLOT, {
        prompt: () => ({ text: "First, what's the mobile number on your Acme account?" }),
        parse: (text) => parsePhone(text),
        help: 'I need the mobile number on your account to find it, for example 202-555-0101.',
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${IDENTIFY_DIALOG_ID}.steps`, [(s) => this.known(s), (s) => this.lookUp(s)]),
    );
    this.initialDialogId = `${IDENTIFY_DIALOG_ID}.steps`;
  }

  private async known(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await this.services.profile.get(step.context, {});
    if (profile.customerId) return step.endDialog(profile.customerId);
    const { channelId, from } = step.context.activity;
    if ((channelId === 'sms' || channelId === 'voice') && from?.id) {
      const found = await this.find(step, from.id);
      if (found) return step.endDialog(found);
    }
    return step.beginDialog(PHONE_SLOT);
  }

  private async lookUp(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<string>;
    if (!result.ok) return step.endDialog(undefined);
    const found = await this.find(step, result.value);
    if (found) {
      await step.context.sendActivity(
        `Thanks, ${(await this.services.profile.get(step.context, {})).firstName}.`,
      );
      return step.endDialog(found);
    }
    const tries = ((step.options as { tries?: number } | undefined)?.tries ?? 0) + 1;
    if (tries >= MAX_LOOKUPS) return step.endDialog(undefined);
    await step.context.sendActivity("I couldn't find an account with that number.");
    return step.replaceDialog(`${IDENTIFY_DIALOG_ID}.steps`, { tries });
  }

  private async find(step: WaterfallStepContext, phone: string): Promise<string | undefined> {
    const result = await this.services.actions.call('findCustomer', { phone });
    if (!result.ok) {
      await step.context.sendActivity(result.politeMessage);
      return undefined;
    }
    if (!result.value.found) return undefined;
    const profile = await this.services.profile.get(step.context, {});
    await this.services.profile.set(step.context, {
      ...profile,
      customerId: result.value.customerId,
      firstName: result.value.firstName,
    });
    return result.value.customerId;
  }
}
