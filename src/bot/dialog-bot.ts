import type { ConversationState, TurnContext, UserState } from 'botbuilder-core';
import { type Dialog, DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import type { LockHandle } from '../state/ports';
import { withWriteFence } from '../state/write-fence';
import { TURN_LOCK_KEY } from './turn-keys';

/** Options of {@link createDialogBot}. */
export interface DialogBotOptions {
  conversationState: ConversationState;
  userState: UserState;
  /** The root dialog, run on every customer message. */
  dialog: Dialog;
  /** Called when a customer opens a new conversation (web chat `start`, a new call). */
  onWelcome?: (context: TurnContext) => Promise<void>;
}

/**
 * The bot's turn logic: runs the root dialog for messages (continuing the active one, or
 * beginning it), welcomes new conversations, and saves conversation and user state at the end
 * of the turn, after checking that the turn lock is still held, fenced by the lock's token.
 */
export function createDialogBot(options: DialogBotOptions): (context: TurnContext) => Promise<void> {
  const dialogs = new DialogSet(options.conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(options.dialog);
  return async (context) => {
    const { type, membersAdded } = context.activity;
    if (type === 'message') {
      await runRootDialog(dialogs, options.dialog.id, context);
    } else if (
      type === 'conversationUpdate' &&
      membersAdded?.some((m) => m.id === context.activity.from?.id)
    ) {
      await options.onWelcome?.(context);
    }
    const lock = context.turnState.get(TURN_LOCK_KEY) as LockHandle | undefined;
    await lock?.assertHeld();
    const save = async (): Promise<void> => {
      await options.conversationState.saveChanges(context);
      await options.userState.saveChanges(context);
    };
    // Fenced: if this process stalls between the check above and the write, and another process
    // took the lock meanwhile, the store refuses the write (SWB_ERR_LOCK_FENCED) instead of
    // overwriting the newer turn's state.
    await (lock ? withWriteFence({ resource: lock.resource, token: lock.fencingToken }, save) : save());
  };
}

/**
 * Continues the active dialog, or begins the root one. Lighter than botbuilder's `runDialog`, which
 * also loads and saves adaptive-dialog memory scopes and handles skill protocols on every turn; this
 * bot uses neither, and the difference is most of a turn's CPU.
 */
async function runRootDialog(dialogs: DialogSet, rootId: string, context: TurnContext): Promise<void> {
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog(rootId);
}
