import type { Handoff } from '../../src/handoff/handoff-record';
import type { LockService, Storage } from '../../src/state/ports';
import { LockedItem } from '../twilio-shared/locked-item';

/**
 * Where a caller with a handoff is: `queued` in a Twilio queue (hold music, the wait URL tells the
 * position, an agent's phone may be bridged in), or `relay`: out of the queue, talking to the agent
 * through the console's text relay (the agent has no phone, or their phone did not answer).
 */
export type CallHoldMode = 'queued' | 'relay';

/** One call's hold: which handoff it waits for, in which Twilio queue, and who was dialled. */
export interface CallHold {
  callSid: string;
  handoffId: string;
  /** The Twilio queue the caller waits in: the handoff id (one caller per queue). */
  queue: string;
  mode: CallHoldMode;
  /** Epoch ms when the caller was put on hold. */
  since: number;
  /** The assignment (`agentId@assignedAt`) an agent's phone was dialled for: each is dialled once. */
  dialledFor?: string;
  agentId?: string;
  agentName?: string;
  /** The call we placed to the agent's phone. */
  agentCallSid?: string;
  /** The agent call Twilio connected to the caller (from the `<Queue url>` request), once it did. */
  bridgedCallSid?: string;
}

/** The assignment key of an assigned handoff: a requeue and a new claim make a new one. */
export function assignmentOf(handoff: Pick<Handoff, 'agentId' | 'assignedAt'>): string {
  return `${handoff.agentId ?? ''}@${handoff.assignedAt ?? 0}`;
}

/**
 * The holds of calls on the `Storage` port (key `voice/hold/<CallSid>`), each updated under a lock
 * on its key, so that the processes that all hear an assignment on the bus dial the agent once.
 */
export class CallHoldStore {
  constructor(
    private readonly storage: Storage,
    private readonly locks: LockService,
  ) {}

  /** The call's hold, or undefined. */
  get(callSid: string): Promise<CallHold | undefined> {
    return this.item(callSid).get();
  }

  /** Puts the caller on hold for `handoffId` (again: a new handoff starts a fresh hold). */
  hold(callSid: string, handoffId: string, now: number): Promise<CallHold> {
    return this.item(callSid).update((current) =>
      current?.handoffId === handoffId && current.mode === 'queued'
        ? current
        : { callSid, handoffId, queue: handoffId, mode: 'queued', since: now },
    );
  }

  /**
   * Claims the dialling of `handoff`'s current assignment: the hold when this caller won (nobody
   * dialled for this assignment yet), undefined when another process already did.
   */
  async claimDial(callSid: string, handoff: Handoff, now: number): Promise<CallHold | undefined> {
    const key = assignmentOf(handoff);
    let won = false;
    const hold = await this.item(callSid).update((current) => {
      if (current?.dialledFor === key) return current;
      won = true;
      const base = current?.handoffId === handoff.id ? current : undefined;
      const { agentCallSid: _dialled, ...rest } = base ?? {
        callSid,
        handoffId: handoff.id,
        queue: handoff.id,
        mode: 'queued' as const,
        since: now,
      };
      return { ...rest, dialledFor: key, agentId: handoff.agentId, agentName: handoff.agentName };
    });
    return won ? hold : undefined;
  }

  /** Applies `change` to the call's hold under its lock; undefined (nothing written) when it has none. */
  async change(callSid: string, change: (hold: CallHold) => CallHold): Promise<CallHold | undefined> {
    const existing = await this.get(callSid);
    if (!existing) return undefined;
    return this.item(callSid).update((current) => change(current ?? existing));
  }

  /** The caller left the queue for good (back to the bot, or the call ended). */
  release(callSid: string): Promise<void> {
    return this.item(callSid).delete();
  }

  private item(callSid: string): LockedItem<CallHold> {
    return new LockedItem(this.storage, this.locks, `voice/hold/${callSid}`);
  }
}
