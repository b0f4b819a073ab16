import type { TurnContext } from 'botbuilder-core';
import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { reportTurnEvent } from '../src/analytics/turn-analytics';
import { replyActivity } from '../src/bot/reply-activity';
import { ACME_MENU, ACME_TEXT } from './acme-messages';
import type { DialogServices } from './dialog-services';
import { escalateAndTell } from './escalate';
import { FAQ_DIALOG_ID, FaqDialog } from './faq-dialog';
import { CHANGE_ADDRESS_DIALOG_ID, ChangeAddressDialog } from './forms/change-address-dialog';
import { CHECK_BALANCE_DIALOG_ID, CheckBalanceDialog } from './forms/check-balance-dialog';
import { DISPUTE_DIALOG_ID, DisputeChargeDialog } from './forms/dispute-charge-dialog';
import { LOST_CARD_DIALOG_ID, LostCardDialog } from './forms/lost-card-dialog';
import { NONE_INTENT } from './intent';
import { OFFER_HUMAN_DIALOG_ID, OfferHumanDialog } from './offer-human-dialog';
import { returningCustomerGreeting } from './returning-customer';

/** Persisted dialog ids: changing one breaks conversations stored mid-dialog. Listed in docs/dialogs.md. */
export const MAIN_DIALOG_ID = 'main';
const ROUTE_ID = 'main.route';
/** Misunderstood messages in a row before the bot offers a person. */
export const LOW_CONFIDENCE_LIMIT = 2;

/** A handler for one intent: sends replies and may begin a child dialog. */
export type IntentRoute = (step: WaterfallStepContext) => Promise<DialogTurnResult>;

/** Intents that start a form, by the form's dialog id. */
const FORMS: Record<string, string> = {
  report_lost_card: LOST_CARD_DIALOG_ID,
  check_balance: CHECK_BALANCE_DIALOG_ID,
  dispute_charge: DISPUTE_DIALOG_ID,
  change_address: CHANGE_ADDRESS_DIALOG_ID,
};

/**
 * The root of the demo bot: reads the turn's intent and routes it — small talk, forms, the FAQ
 * (also for out-of-scope messages, before the fallback), escalation. Two misunderstood messages in
 * a row offer a person.
 */
export class MainDialog extends ComponentDialog {
  private readonly routes: Record<string, IntentRoute>;

  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG_ID);
    for (const dialog of [
      new LostCardDialog(services),
      new CheckBalanceDialog(services),
      new DisputeChargeDialog(services),
      new ChangeAddressDialog(services),
      new FaqDialog(services),
      new OfferHumanDialog(services, { skill: 'general' }),
    ]) {
      this.addDialog(dialog);
    }
    this.routes = this.createRoutes();
    this.addDialog(new WaterfallDialog(ROUTE_ID, [(s) => this.route(s), (s) => this.afterChild(s)]));
    this.initialDialogId = ROUTE_ID;
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = this.services.readIntent(step.context);
    const intent = result && !result.outOfScope ? result.intent : NONE_INTENT;
    if (intent !== NONE_INTENT) await this.setMisses(step.context, 0);
    const handler = this.routes[intent] ?? this.routes[NONE_INTENT];
    return (handler as IntentRoute)(step);
  }

  private async afterChild(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as { reroute?: boolean } | undefined;
    if (result?.reroute) return step.replaceDialog(ROUTE_ID);
    return step.endDialog();
  }

  private createRoutes(): Record<string, IntentRoute> {
    const say =
      (text: string, menu = false): IntentRoute =>
      async (step) => {
        const choices = menu ? ACME_MENU.map((title) => ({ title, value: title })) : undefined;
        await step.context.sendActivity(replyActivity({ text, choices }));
        return step.endDialog();
      };
    const forms = Object.fromEntries(
      Object.entries(FORMS).map(([intent, id]): [string, IntentRoute] => [
        intent,
        (step) => step.beginDialog(id),
      ]),
    );
    return {
      ...forms,
      greeting: (step) => this.greet(step),
      help: say(ACME_TEXT.help, true),
      goodbye: say(ACME_TEXT.goodbye),
      thanks: say("You're welcome! Anything else?"),
      cancel: say("There's nothing to cancel. How can I help?"),
      affirm: say('OK. What would you like to do?', true),
      deny: say('OK. What would you like to do?', true),
      talk_to_agent: async (step) => {
        await escalateAndTell(step.context, this.services.escalator, {
          reason: 'customer-asked',
          skill: 'general',
        });
        return step.endDialog();
      },
      [NONE_INTENT]: (step) => this.faqOrFallback(step),
    };
  }

  private async greet(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await this.services.profile.get(step.context, {});
    const text = profile.firstName
      ? `Hello ${profile.firstName}, welcome back! How can I help today?`
      : ((await returningCustomerGreeting(step.context, this.services)) ?? ACME_TEXT.greeting);
    await step.context.sendActivity(text);
    return step.endDialog();
  }

  /** Informational intents and out-of-scope messages try the FAQ before the fallback. */
  private async faqOrFallback(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = step.context.activity.text ?? '';
    const answer = this.services.faq?.lookup(text, step.context.activity.channelId);
    if (answer) {
      reportTurnEvent(step.context, { type: 'faq_answered' });
      await this.setMisses(step.context, 0);
      return step.beginDialog(FAQ_DIALOG_ID, { answer });
    }
    const meta = {
      channelId: step.context.activity.channelId,
      conversationId: step.context.activity.conversation.id,
    };
    await this.services.feedback?.unanswered(text, meta);
    reportTurnEvent(step.context, { type: 'faq_unanswered' });
    const misses = (await this.misses(step.context)) + 1;
    await this.setMisses(step.context, misses);
    if (misses >= LOW_CONFIDENCE_LIMIT) {
      await this.setMisses(step.context, 0);
      return step.beginDialog(OFFER_HUMAN_DIALOG_ID, { reason: 'low-confidence' });
    }
    await step.context.sendActivity(ACME_TEXT.fallback);
    return step.endDialog();
  }

  private async misses(context: TurnContext): Promise<number> {
    return (await this.services.lowConfidence.get(context, 0)) ?? 0;
  }

  private async setMisses(context: TurnContext, value: number): Promise<void> {
    await this.services.lowConfidence.set(context, value);
  }
}
