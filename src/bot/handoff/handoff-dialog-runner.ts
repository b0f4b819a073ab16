import { BotState, type Storage, type TurnContext } from 'botbuilder-core';
import { type Dialog, DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import type { HandoffStatusValue } from '../../handoff/handoff-events';

/** Options of {@link HandoffDialogRunner}. */
export interface HandoffDialogRunnerOptions {
  storage: Storage;
  /** The dialog begun per final status (dialogs/handoff: CSAT after a resolve, an offer after a timeout). */
  dialogs: { resolved: Dialog; expired: Dialog };
}

/**
 * Runs the dialogs that follow a handoff's end, on their own dialog stack (conversation storage key
 * `<channel>/conversations/<id>/handoff`), apart from the bot's: the bot's dialogs stay as they
 * were, and a customer who ignores the question simply talks to the bot again. A dialog ends with
 * `{ consumed: false }` when the message was not an answer.
 */
export class HandoffDialogRunner {
  private readonly state: BotState;
  private readonly dialogs: DialogSet;

  constructor(private readonly options: HandoffDialogRunnerOptions) {
    this.state = new BotState(options.storage, async (context) => {
      const { channelId, conversation } = context.activity;
      return `${channelId}/conversations/${conversation.id}/handoff`;
    });
    this.dialogs = new DialogSet(this.state.createProperty<DialogState>('dialogState'));
    this.dialogs.add(options.dialogs.resolved);
    this.dialogs.add(options.dialogs.expired);
  }

  /** Begins the dialog of a `handoff.status` event (replacing any unanswered question). */
  async begin(context: TurnContext, value: HandoffStatusValue): Promise<void> {
    const dialog = value.status === 'resolved' ? this.options.dialogs.resolved : this.options.dialogs.expired;
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(dialog.id, value);
    await this.state.saveChanges(context);
  }

  /** Offers a customer message to the active question; true when it was used. */
  async continue(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return false;
    const result = await dc.continueDialog();
    await this.state.saveChanges(context);
    if (result.status !== DialogTurnStatus.complete) return true;
    return (result.result as { consumed?: boolean } | undefined)?.consumed !== false;
  }
}
