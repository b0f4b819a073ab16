import type { Storage } from 'botbuilder-core';
import type { Dialog } from 'botbuilder-dialogs';
import { CsatDialog } from './csat-dialog';
import { ExpiredOfferDialog } from './expired-offer-dialog';
import {
  type CsatStore,
  type FollowUpStore,
  StorageCsatStore,
  StorageFollowUpStore,
} from './handoff-outcome-store';

/** Options of {@link createHandoffDialogs}. */
export interface HandoffDialogsOptions {
  /** Where CSAT and follow-ups are recorded by default. */
  storage: Storage;
  csat?: CsatStore;
  followUps?: FollowUpStore;
  now?: () => Date;
}

/** The dialogs a `handoff.status` event begins, by status. */
export interface HandoffDialogs {
  resolved: Dialog;
  expired: Dialog;
  csat: CsatStore;
  followUps: FollowUpStore;
}

/**
 * The dialogs of the bot's side of a handoff's end: CSAT after a resolve, callback-or-ticket after
 * a wait timeout. Pass them to `HandoffDialogRunner` (src/bot/handoff), which the gate drives.
 */
export function createHandoffDialogs(options: HandoffDialogsOptions): HandoffDialogs {
  const csat = options.csat ?? new StorageCsatStore(options.storage);
  const followUps = options.followUps ?? new StorageFollowUpStore(options.storage);
  return {
    resolved: new CsatDialog({ store: csat, now: options.now }),
    expired: new ExpiredOfferDialog({ store: followUps, now: options.now }),
    csat,
    followUps,
  };
}
