import type { LockService, Storage } from '../../src/state/ports';
import { LockedItem } from '../twilio-shared/locked-item';

/** Whether a phone number may receive messages. */
export type ConsentStatus = 'opted-in' | 'opted-out';
/** What the customer (or Twilio) did. */
export type ConsentAction = 'opt-out' | 'opt-in' | 'help';
/**
 * How it was learnt: a keyword we matched, Twilio's `OptOutType` field, or Twilio refusing a send
 * because the number unsubscribed (error 21610).
 */
export type ConsentSource = 'keyword' | 'OptOutType' | 'api-error';

/** One line of the consent log. */
export interface ConsentLogEntry {
  at: string;
  action: ConsentAction;
  source: ConsentSource;
  /** The keyword texted (`STOP`, `START`, …), when there was one. */
  keyword?: string;
  /** The inbound message that carried it. */
  messageSid?: string;
}

/** A phone number's consent: its current status and the timestamped log of how it got there. */
export interface ConsentRecord {
  phoneNumber: string;
  status: ConsentStatus;
  updatedAt: string;
  log: ConsentLogEntry[];
}

/**
 * Consent changes are rare; the log is capped so that a number flooding STOP/START cannot grow its
 * record without bound (the newest 1000 entries are kept).
 */
const MAX_LOG_ENTRIES = 1000;

/**
 * SMS consent per phone number, on the `Storage` port (key `sms/consent/<E.164>`): STOP-family
 * keywords opt a number out, START opts it back in, HELP is logged. A number with no record has
 * not opted out. The SMS adapter checks {@link isOptedOut} before every send.
 *
 * @example
 * if (await consent.isOptedOut('+15551234567')) throw new SmsOptedOutError(conversationId);
 */
export class ConsentStore {
  constructor(
    private readonly storage: Storage,
    private readonly locks: LockService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The consent record of a number, if it ever texted a keyword. */
  get(phoneNumber: string): Promise<ConsentRecord | undefined> {
    return this.item(phoneNumber).get();
  }

  /** True when the number opted out and has not opted back in. */
  async isOptedOut(phoneNumber: string): Promise<boolean> {
    return (await this.get(phoneNumber))?.status === 'opted-out';
  }

  /** Appends an entry to the number's log and updates its status (HELP leaves the status as it was). */
  record(phoneNumber: string, entry: Omit<ConsentLogEntry, 'at'>): Promise<ConsentRecord> {
    const at = this.now().toISOString();
    return this.item(phoneNumber).update((current) => {
      const previous: ConsentStatus = current?.status ?? 'opted-in';
      const status: ConsentStatus =
        entry.action === 'opt-out' ? 'opted-out' : entry.action === 'opt-in' ? 'opted-in' : previous;
      const log = [...(current?.log ?? []), { at, ...entry }].slice(-MAX_LOG_ENTRIES);
      return { phoneNumber, status, updatedAt: at, log };
    });
  }

  /** Forgets a number's consent record (erasure; note that this also forgets an opt-out). */
  delete(phoneNumber: string): Promise<void> {
    return this.item(phoneNumber).delete();
  }

  private item(phoneNumber: string): LockedItem<ConsentRecord> {
    return new LockedItem(this.storage, this.locks, `sms/consent/${phoneNumber}`);
  }
}
