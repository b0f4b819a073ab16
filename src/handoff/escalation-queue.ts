import type { HandoffReason } from './handoff-record';

/** What a queue entry shows in the console without reading the handoff record. */
export interface QueueEntrySummary {
  channelId: string;
  customerName?: string;
  intent?: string;
  reason: HandoffReason;
}

/** One waiting conversation in a skill queue. */
export interface QueueEntry {
  /** The handoff id (also the BullMQ job id: no `:`). */
  handoffId: string;
  skill: string;
  /** BullMQ convention: 1 is served first; see `priority.ts`. */
  priority: number;
  /** When the customer started waiting (epoch ms), for wait times and ties. */
  queuedAt: number;
  summary: QueueEntrySummary;
}

/**
 * Decides whether a picked entry is taken: the service's atomic claim on the handoff record.
 * `true` takes it out of the queue for good; `false` means it was stale (cancelled, claimed by
 * someone else) and is dropped; a throw puts it back where it was.
 */
export type AcceptEntry = (entry: QueueEntry) => Promise<boolean>;

/** Kinds of durable timers. */
export type HandoffTimerKind = 'wait-timeout' | 'agent-grace';

/** A durable timer: it fires once, in whichever process is running, even after a restart (BullMQ). */
export interface HandoffTimer {
  kind: HandoffTimerKind;
  handoffId: string;
  /** `agent-grace`: the agent who disconnected. */
  agentId?: string;
  /** `agent-grace`: when the agent disconnected (epoch ms); also makes the timer id unique. */
  since?: number;
}

/** Handles a timer that fired; a throw is logged and the timer is not retried. */
export type TimerHandler = (timer: HandoffTimer) => Promise<void>;

/**
 * Skill queues of waiting conversations plus durable timers. Priority order, then first come,
 * first served. Picking is atomic: of concurrent pickers, each entry goes to exactly one.
 * Conformance: `test/conformance/escalation-queue-suite.ts` (in-process and BullMQ).
 */
export interface EscalationQueue {
  /** Adds (or re-adds) an entry; adding an id that is already queued changes nothing. */
  enqueue(entry: QueueEntry): Promise<void>;
  /** Removes a waiting entry; false when it was not waiting (picked, never queued). */
  remove(handoffId: string, skill: string): Promise<boolean>;
  /**
   * Takes the best entry across `skills` (lowest priority number, then oldest) and offers it to
   * `accept`, until one is accepted or the queues are empty. Resolves with the accepted entry.
   */
  pickNext(skills: readonly string[], accept: AcceptEntry): Promise<QueueEntry | undefined>;
  /** 1-based position of a waiting entry in its skill queue, or undefined when not waiting. */
  position(handoffId: string, skill: string): Promise<number | undefined>;
  /** Waiting entries per skill. */
  depths(skills: readonly string[]): Promise<Record<string, number>>;
  /** The first `limit` waiting entries of a skill, in pick order. */
  list(skill: string, limit?: number): Promise<QueueEntry[]>;
  /** Starts (or restarts) a durable timer; scheduling the same timer twice keeps one. */
  scheduleTimer(timer: HandoffTimer, delayMs: number): Promise<void>;
  /** Cancels a timer that has not fired. */
  cancelTimer(timer: HandoffTimer): Promise<void>;
  /** Sets the handler of fired timers and starts consuming them; call once, before timers are due. */
  onTimer(handler: TimerHandler): Promise<void>;
  /** Stops picking and timers; idempotent. */
  close(): Promise<void>;
}

/** Default number of entries `list` returns: a screenful in the console. */
export const DEFAULT_LIST_LIMIT = 50;

/** The id of a timer: stable per handoff for the wait timeout, per disconnect for the grace period. */
export function timerId(timer: HandoffTimer): string {
  if (timer.kind === 'wait-timeout') return `wait-${timer.handoffId}`;
  return `grace-${timer.handoffId}-${timer.since ?? 0}`;
}

/** Pick order: lower priority number first, then the longer wait. */
export function comparePickOrder(a: QueueEntry, b: QueueEntry): number {
  return a.priority - b.priority || a.queuedAt - b.queuedAt;
}
