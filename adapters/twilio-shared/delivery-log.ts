import type { LockService, Storage } from '../../src/state/ports';
import { LockedItem } from './locked-item';

/** What a status callback reports on: an outbound message or a call. */
export type DeliveryKind = 'message' | 'call';

/** One status Twilio reported. */
export interface DeliveryEvent {
  status: string;
  /** Twilio's error code (e.g. `30003`: unreachable handset), when the status is a failure. */
  errorCode?: string;
  at: string;
}

/** Everything known about one message or call, by Twilio SID. */
export interface DeliveryRecord {
  sid: string;
  kind: DeliveryKind;
  /** The latest status, never moved back from a final one by a late callback. */
  status: string;
  errorCode?: string;
  failed: boolean;
  /** The customer's number (kept to act on failures; never logged). */
  to?: string;
  conversationId?: string;
  updatedAt: string;
  history: DeliveryEvent[];
}

/** An entry of the failure index, newest first. */
export interface DeliveryFailure {
  sid: string;
  kind: DeliveryKind;
  at: string;
}

/** Statuses after which a message or call changes no more (a late "sent" must not undo "delivered"). */
const FINAL_STATUSES = new Set([
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
  'completed',
  'busy',
  'no-answer',
]);
/** Statuses that mean the customer was not reached. */
const FAILED_STATUSES: Record<DeliveryKind, ReadonlySet<string>> = {
  message: new Set(['failed', 'undelivered']),
  call: new Set(['failed', 'busy', 'no-answer']),
};
/** Twilio posts about five statuses per message; twenty bounds a record even with retries. */
const MAX_HISTORY = 20;
/** The failure index keeps the latest failures; older ones stay readable by SID. */
const MAX_FAILURES = 1000;
const FAILURES_KEY = 'twilio/delivery/failures';

/** What to record: a status callback, or a send that was just queued. */
export interface DeliveryUpdate {
  sid: string;
  kind: DeliveryKind;
  status: string;
  errorCode?: string;
  to?: string;
  conversationId?: string;
}

/**
 * The delivery log: status callbacks of messages and calls, verified by the routes and recorded
 * here on the `Storage` port (memory or Redis), so failed deliveries are visible:
 * `failures()` lists the latest ones, `get(sid)` tells the whole story of one message.
 */
export class DeliveryLog {
  constructor(
    private readonly storage: Storage,
    private readonly locks: LockService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a status; returns the updated record. */
  async record(update: DeliveryUpdate): Promise<DeliveryRecord> {
    const at = this.now().toISOString();
    const event: DeliveryEvent = { status: update.status, at };
    if (update.errorCode) event.errorCode = update.errorCode;
    const failedNow = FAILED_STATUSES[update.kind].has(update.status);
    const record = await this.item(update.sid).update((current) => merge(current, update, event));
    if (failedNow) await this.indexFailure({ sid: update.sid, kind: update.kind, at });
    return record;
  }

  /** The record of one message or call, by SID. */
  get(sid: string): Promise<DeliveryRecord | undefined> {
    return this.item(sid).get();
  }

  /** The latest failed deliveries (failed or undelivered messages; failed, busy or unanswered calls), newest first. */
  async failures(limit = 100): Promise<DeliveryRecord[]> {
    const index = (await this.failureIndex().get())?.entries ?? [];
    const sids = [...new Set(index.slice(0, limit).map((f) => f.sid))];
    const records = await Promise.all(sids.map((sid) => this.get(sid)));
    return records.filter((r): r is DeliveryRecord => r !== undefined);
  }

  private async indexFailure(failure: DeliveryFailure): Promise<void> {
    await this.failureIndex().update((current) => ({
      entries: [failure, ...(current?.entries ?? [])].slice(0, MAX_FAILURES),
    }));
  }

  private item(sid: string): LockedItem<DeliveryRecord> {
    return new LockedItem(this.storage, this.locks, `twilio/delivery/${sid}`);
  }

  private failureIndex(): LockedItem<{ entries: DeliveryFailure[] }> {
    return new LockedItem(this.storage, this.locks, FAILURES_KEY);
  }
}

function merge(
  current: DeliveryRecord | undefined,
  update: DeliveryUpdate,
  event: DeliveryEvent,
): DeliveryRecord {
  const keep =
    current !== undefined && FINAL_STATUSES.has(current.status) && !FINAL_STATUSES.has(update.status);
  const record: DeliveryRecord = {
    sid: update.sid,
    kind: update.kind,
    status: keep ? current.status : update.status,
    failed: keep ? current.failed : FAILED_STATUSES[update.kind].has(update.status),
    updatedAt: event.at,
    history: [...(current?.history ?? []), event].slice(-MAX_HISTORY),
  };
  const errorCode = keep ? current.errorCode : (update.errorCode ?? current?.errorCode);
  if (errorCode) record.errorCode = errorCode;
  const to = update.to ?? current?.to;
  if (to) record.to = to;
  const conversationId = update.conversationId ?? current?.conversationId;
  if (conversationId) record.conversationId = conversationId;
  return record;
}
