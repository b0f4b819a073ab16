import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogServices } from '../dialog-services';
import { FormDialog } from '../form-dialog';
import { IDENTIFY_DIALOG_ID, IdentifyDialog } from '../identify-dialog';
import { SlotDialog, type SlotResult } from '../slot-dialog';
import { parseFreeText, parseState, parseZip } from '../slots/parsers';
import { parseYesNo } from '../slots/yes-no';
import { VERIFY_CODE_DIALOG_ID, VerifyCodeDialog } from '../verify-code-dialog';

/** Persisted dialog id. */
export const CHANGE_ADDRESS_DIALOG_ID = 'changeAddress';
const FIELDS = ['street', 'city', 'state', 'zip'] as const;
type Field = (typeof FIELDS)[number];
const slotId = (field: Field | 'confirm') => `${CHANGE_ADDRESS_DIALOG_ID}.${field}`;

interface AddressValues {
  customerId?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
}

const valuesOf = (step: WaterfallStepContext) => step.values as AddressValues;

/**
 * Change address: who you are → one-time code (a sensitive change) → street, city, state, ZIP →
 * confirm → the backend updates it.
 */
export class ChangeAddressDialog extends FormDialog {
  constructor(services: DialogServices) {
    super(
      {
        id: CHANGE_ADDRESS_DIALOG_ID,
        activity: 'changing your address',
        skill: 'general',
        intent: 'change_address',
      },
      services,
    );
    this.addDialog(new IdentifyDialog(services));
    this.addDialog(new VerifyCodeDialog(services));
    const ask = (
      field: Field,
      text: string,
      parse: (t: string) => ReturnType<typeof parseZip>,
      help: string,
    ) => this.addDialog(new SlotDialog(slotId(field), { prompt: () => ({ text }), parse, help }));
    ask(
      'street',
      "What's the new street address?",
      (t) => parseFreeText(t, 'street address'),
      'For example: 12 Elm Street, Apt 3.',
    );
    ask('city', 'Which city?', (t) => parseFreeText(t, 'city'), 'The city of your new address.');
    ask('state', 'Which state? (2 letters, like IL)', parseState, 'The 2-letter state code, like IL or NY.');
    ask('zip', 'And the ZIP code?', parseZip, 'The 5-digit ZIP code of your new address.');
    this.addDialog(
      new SlotDialog<boolean>(slotId('confirm'), {
        prompt: (o) => ({ text: `Change your address to ${o.data?.['address']}?`, confirmation: true }),
        parse: (text) => parseYesNo(text),
        help: 'Say yes to save the new address, or no to keep the old one.',
      }),
    );
    this.addSteps([
      (s) => s.beginDialog(IDENTIFY_DIALOG_ID),
      (s) => this.verify(s),
      (s) => this.start(s),
      ...FIELDS.map((field, i) => (s: WaterfallStepContext) => this.collect(s, field, FIELDS[i + 1])),
      (s) => this.save(s),
    ]);
  }

  private async verify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const customerId = step.result as string | undefined;
    if (!customerId) return this.offerHuman(step);
    valuesOf(step).customerId = customerId;
    return step.beginDialog(VERIFY_CODE_DIALOG_ID, { customerId });
  }

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== true) return this.offerHuman(step);
    return step.beginDialog(slotId('street'));
  }

  private async collect(
    step: WaterfallStepContext,
    field: Field,
    next: Field | undefined,
  ): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<string>;
    if (!result.ok) return this.offerHuman(step);
    valuesOf(step)[field] = result.value;
    if (next) return step.beginDialog(slotId(next));
    const v = valuesOf(step);
    return step.beginDialog(slotId('confirm'), {
      data: { address: `${v.street}, ${v.city}, ${v.state} ${v.zip}` },
    });
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as SlotResult<boolean>;
    if (!result.ok) return this.offerHuman(step);
    if (!result.value) {
      await step.context.sendActivity("OK, I've kept your current address.");
      return step.endDialog();
    }
    const v = valuesOf(step) as Required<AddressValues>;
    const address = { line1: v.street, city: v.city, region: v.state, postalCode: v.zip, country: 'US' };
    const saved = await this.services.actions.call('changeAddress', { customerId: v.customerId, address });
    const text = !saved.ok
      ? saved.politeMessage
      : saved.value.status === 'updated'
        ? `Done: your address is updated from ${saved.value.effectiveDate}.`
        : 'For your security I need to verify you again first. Please ask me to change your address once more.';
    await step.context.sendActivity(text);
    return step.endDialog();
  }
}
