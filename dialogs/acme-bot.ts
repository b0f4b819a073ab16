import type { ConversationState, TurnContext, UserState } from 'botbuilder-core';
import { createDialogBot } from '../src/bot/dialog-bot';
import { ACME_TEXT, menuMessage } from './acme-messages';
import type { IntentReader } from './intent';
import { MainDialog } from './main-dialog';

/** Options of {@link createAcmeBot}. */
export interface AcmeBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  readIntent: IntentReader;
}

/** The Acme Bank demo bot's turn logic, on the given storage and intent source. */
export function createAcmeBot(options: AcmeBotOptions): (context: TurnContext) => Promise<void> {
  return createDialogBot({
    conversationState: options.conversationState,
    userState: options.userState,
    dialog: new MainDialog({ readIntent: options.readIntent }),
    onWelcome: async (context) => {
      await context.sendActivity(menuMessage(ACME_TEXT.welcome));
    },
  });
}
