import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { replyActivity } from '../../src/bot/reply-activity';
import type { DialogServices } from '../dialog-services';
import { FormDialog } from '../form-dialog';
import { IDENTIFY_DIALOG_ID, IdentifyDialog } from '../identify-dialog';
import { VERIFY_CODE_DIALOG_ID, VerifyCodeDialog } from '../verify-code-dialog';

/** Persisted dialog id. */
export const CHECK_BALANCE_DIALOG_ID = 'checkBalance';

/** "$4,250.75" from minor units. */
export function formatMoney(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 100);
}

/** Check balance: who you are → one-time code (3 attempts) → the balance of each account. */
export class CheckBalanceDialog extends FormDialog {
  constructor(services: DialogServices) {
    super(
      {
        id: CHECK_BALANCE_DIALOG_ID,
        activity: 'checking your balance',
        skill: 'general',
        intent: 'check_balance',
      },
      services,
    );
    this.addDialog(new IdentifyDialog(services));
    this.addDialog(new VerifyCodeDialog(services));
    this.addSteps([(s) => s.beginDialog(IDENTIFY_DIALOG_ID), (s) => this.verify(s), (s) => this.show(s)]);
  }

  private async verify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const customerId = step.result as string | undefined;
    if (!customerId) return this.offerHuman(step);
    (step.values as { customerId?: string }).customerId = customerId;
    return step.beginDialog(VERIFY_CODE_DIALOG_ID, { customerId });
  }

  private async show(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== true) return this.offerHuman(step);
    const customerId = (step.values as { customerId: string }).customerId;
    const result = await this.services.actions.call('getBalance', { customerId });
    if (!result.ok) {
      await step.context.sendActivity(result.politeMessage);
      return step.endDialog();
    }
    const items = result.value.accounts.map((a) => ({
      label: `${a.name} (…${a.last4})`,
      value: formatMoney(a.balance.amountMinor, a.balance.currency),
    }));
    const first = items[0];
    await step.context.sendActivity(
      replyActivity({
        text: 'Here are your balances:',
        list: { items },
        variants: first
          ? { voice: `Your ${first.label.replace(/\(.*\)/, '')} balance is ${first.value}.` }
          : undefined,
      }),
    );
    return step.endDialog();
  }
}
