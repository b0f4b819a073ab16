import type { ConversationState, TurnContext, UserState } from 'botbuilder-core';
import { registerAcmeBankActions } from '../src/actions/acme-actions';
import { FakeAcmeBank } from '../src/actions/acme-backend';
import { ActionRegistry } from '../src/actions/action-registry';
import { createDialogBot } from '../src/bot/dialog-bot';
import { replyActivity } from '../src/bot/reply-activity';
import type { Logger } from '../src/logging/logger';
import { ACME_MENU, ACME_TEXT } from './acme-messages';
import type { AcmeActions, CustomerProfile, DialogServices } from './dialog-services';
import { type Escalator, NoAgentsEscalator } from './escalation';
import type { IntentReader } from './intent';
import { MainDialog } from './main-dialog';

/** Options of {@link createAcmeBot}. */
export interface AcmeBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  readIntent: IntentReader;
  /** Backend actions (default: the in-process fake Acme Bank). */
  actions?: AcmeActions;
  escalator?: Escalator;
  faq?: DialogServices['faq'];
  feedback?: DialogServices['feedback'];
  /** A customer's history across channels (analytics); omitted: greetings use user state only. */
  profileOf?: DialogServices['profileOf'];
  now?: () => Date;
  logger?: Logger;
}

/** The default backend: the fake Acme Bank behind typed actions with timeouts. */
export function createAcmeActions(logger?: Logger, bank = new FakeAcmeBank()): AcmeActions {
  return registerAcmeBankActions(new ActionRegistry({ logger }), bank);
}

/** The Acme Bank demo bot's turn logic. */
export function createAcmeBot(options: AcmeBotOptions): (context: TurnContext) => Promise<void> {
  const services: DialogServices = {
    readIntent: options.readIntent,
    profile: options.userState.createProperty<CustomerProfile>('profile'),
    lowConfidence: options.conversationState.createProperty<number>('lowConfidenceStreak'),
    actions: options.actions ?? createAcmeActions(options.logger),
    escalator: options.escalator ?? new NoAgentsEscalator(),
    faq: options.faq,
    feedback: options.feedback,
    profileOf: options.profileOf,
    now: options.now ?? (() => new Date()),
  };
  return createDialogBot({
    conversationState: options.conversationState,
    userState: options.userState,
    dialog: new MainDialog(services),
    onWelcome: async (context) => {
      const profile = await services.profile.get(context, {});
      const text = profile.firstName
        ? `Welcome back, ${profile.firstName}! How can I help today?`
        : ACME_TEXT.welcome;
      await context.sendActivity(
        replyActivity({ text, choices: ACME_MENU.map((title) => ({ title, value: title })) }),
      );
    },
  });
}
