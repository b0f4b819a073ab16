import { ConversationState, type Storage, type TurnContext, UserState } from 'botbuilder-core';
import { createDialogBot } from '../src/bot/dialog-bot';
import { ACME_TEXT, menuMessage } from './acme-messages';
import type { IntentReader } from './intent';
import { MainDialog } from './main-dialog';

/** Options of {@link createAcmeBot}. */
export interface AcmeBotOptions {
  storage: Storage;
  readIntent: IntentReader;
}

/** The Acme Bank demo bot's turn logic, on the given storage and intent source. */
export function createAcmeBot(options: AcmeBotOptions): (context: TurnContext) => Promise<void> {
  return createDialogBot({
    conversationState: new ConversationState(options.storage),
    userState: new UserState(options.storage),
    dialog: new MainDialog({ readIntent: options.readIntent }),
    onWelcome: async (context) => {
      await context.sendActivity(menuMessage(ACME_TEXT.welcome));
    },
  });
}
