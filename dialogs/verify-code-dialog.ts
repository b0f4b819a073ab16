import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { DialogServices } from './dialog-services';
import { SlotDialog, type SlotResult } from './slot-dialog';
import { parseCode } from './slots/parsers';

/** Persisted dialog id. */
export const VERIFY_CODE_DIALOG_ID = 'verifyCode';
const CODE_SLOT = `${VERIFY_CODE_DIALOG_ID}.code`;
/** A verification is trusted for ten minutes, like the backend's own window. */
const VERIFIED_FOR_MS = 10 * 60_000;

/** Options: the customer to verify. */
export interface VerifyCodeOptions {
  customerId: string;
}

/**
 * Identity check by one-time code: sends a code to the phone on file (a backend action), then
 * asks for it; the backend allows three attempts. Ends with true when verified. A recent
 * verification (profile) skips the check.
 */
export class VerifyCodeDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(VERIFY_CODE_DIALOG_ID);
    this.addDialog(
      new SlotDialog<string>(CODE_SLOT, {
        prompt: () => ({ text: 'Please type the 6-digit code.' }),
        parse: (text) => parseCode(text),
        help: "We texted a 6-digit code to the phone on your account. Type it here; it's valid for 5 minutes.",
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${VERIFY_CODE_DIALOG_ID}.steps`, [(s) => this.send(s), (s) => this.check(s)]),
    );
    this.initialDialogId = `${VERIFY_CODE_DIALOG_ID}.steps`;
  }

  private async send(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { customerId, resend } = step.options as VerifyCodeOptions & { resend?: boolean };
    const profile = await this.services.profile.get(step.context, {});
    if (!resend && (profile.verifiedUntil ?? 0) > this.services.now().getTime()) return step.endDialog(true);
    if (resend) return step.beginDialog(CODE_SLOT);
    const sent = await this.services.actions.call('sendOneTimeCode', { customerId, channel: 'sms' });
    if (!sent.ok) {
      await step.context.sendActivity(sent.politeMessage);
      return step.endDialog(false);
    }
    if (sent.value.status === 'rate_limited') {
      await step.context.sendActivity(`A code was sent a moment ago. Please use that one.`);
    } else {
      await step.context.sendActivity(
        `For your security, I've sent a 6-digit code to ${sent.value.destination}.`,
      );
    }
    return step.beginDialog(CODE_SLOT);
  }

  private async check(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { customerId } = step.options as VerifyCodeOptions;
    const typed = step.result as SlotResult<string>;
    if (!typed.ok) return step.endDialog(false);
    const verified = await this.services.actions.call('verifyOneTimeCode', { customerId, code: typed.value });
    if (!verified.ok) {
      await step.context.sendActivity(verified.politeMessage);
      return step.endDialog(false);
    }
    const outcome = verified.value;
    if (outcome.status === 'verified') {
      const profile = await this.services.profile.get(step.context, {});
      const verifiedUntil = this.services.now().getTime() + VERIFIED_FOR_MS;
      await this.services.profile.set(step.context, { ...profile, verifiedUntil });
      return step.endDialog(true);
    }
    if (outcome.status === 'invalid' && outcome.attemptsLeft > 0) {
      const left = outcome.attemptsLeft === 1 ? '1 try left' : `${outcome.attemptsLeft} tries left`;
      await step.context.sendActivity(`That code isn't right (${left}).`);
      return step.replaceDialog(`${VERIFY_CODE_DIALOG_ID}.steps`, { customerId, resend: true });
    }
    await step.context.sendActivity(
      outcome.status === 'expired'
        ? 'That code has expired.'
        : "That's too many wrong codes, so I can't verify you here.",
    );
    return step.endDialog(false);
  }
}
