import {
  type AcceptEntry,
  comparePickOrder,
  DEFAULT_LIST_LIMIT,
  type EscalationQueue,
  type HandoffTimer,
  type QueueEntry,
  type TimerHandler,
  timerId,
} from './escalation-queue';
import { assertJobId, assertQueueEntry } from './queue-entry-guard';

/** An entry with its insertion number: BullMQ orders equal priorities by insertion, and so do we. */
interface Slot {
  entry: QueueEntry;
  seq: number;
}

/** Options of {@link InProcessEscalationQueue}. */
export interface InProcessEscalationQueueOptions {
  /** Receives failures of timer handlers (default: a process warning). */
  onError?: (error: unknown, context: string) => void;
}

/**
 * The embedded `EscalationQueue` (`npm start`, one process): a sorted array per skill and
 * `setTimeout` timers. An entry leaves its array synchronously when picked, so two concurrent
 * pickers never see the same one. Timers do not survive a restart — neither does the embedded
 * store; production uses `BullMqEscalationQueue`, where both do.
 */
export class InProcessEscalationQueue implements EscalationQueue {
  private readonly queues = new Map<string, Slot[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly fired: HandoffTimer[] = [];
  private handler: TimerHandler | undefined;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: InProcessEscalationQueueOptions = {}) {}

  async enqueue(entry: QueueEntry): Promise<void> {
    assertQueueEntry(entry);
    if (this.find(entry.handoffId, entry.skill) !== undefined) return;
    this.seq += 1;
    this.insert({ entry: structuredClone(entry), seq: this.seq });
  }

  async remove(handoffId: string, skill: string): Promise<boolean> {
    const index = this.find(handoffId, skill);
    if (index === undefined) return false;
    this.slots(skill).splice(index, 1);
    return true;
  }

  async pickNext(skills: readonly string[], accept: AcceptEntry): Promise<QueueEntry | undefined> {
    while (!this.closed) {
      const slot = this.takeBest(skills);
      if (!slot) return undefined;
      let accepted: boolean;
      try {
        accepted = await accept(structuredClone(slot.entry));
      } catch (error) {
        this.insert(slot);
        throw error;
      }
      if (accepted) return slot.entry;
    }
    return undefined;
  }

  async position(handoffId: string, skill: string): Promise<number | undefined> {
    const index = this.find(handoffId, skill);
    return index === undefined ? undefined : index + 1;
  }

  async depths(skills: readonly string[]): Promise<Record<string, number>> {
    return Object.fromEntries(skills.map((skill) => [skill, this.slots(skill).length]));
  }

  async list(skill: string, limit = DEFAULT_LIST_LIMIT): Promise<QueueEntry[]> {
    return this.slots(skill)
      .slice(0, limit)
      .map((slot) => structuredClone(slot.entry));
  }

  async scheduleTimer(timer: HandoffTimer, delayMs: number): Promise<void> {
    const id = timerId(timer);
    assertJobId(id);
    if (this.closed || this.timers.has(id)) return;
    const handle = setTimeout(() => {
      this.timers.delete(id);
      this.fire(timer);
    }, delayMs);
    handle.unref();
    this.timers.set(id, handle);
  }

  async cancelTimer(timer: HandoffTimer): Promise<void> {
    const id = timerId(timer);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  async onTimer(handler: TimerHandler): Promise<void> {
    this.handler = handler;
    for (const timer of this.fired.splice(0)) this.fire(timer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
  }

  private fire(timer: HandoffTimer): void {
    if (this.closed) return;
    if (!this.handler) {
      this.fired.push(timer);
      return;
    }
    this.handler(timer).catch((error: unknown) => {
      const report = this.options.onError ?? ((e: unknown) => process.emitWarning(String(e)));
      report(error, `handoff timer ${timerId(timer)}`);
    });
  }

  private takeBest(skills: readonly string[]): Slot | undefined {
    let best: { skill: string; slot: Slot } | undefined;
    for (const skill of new Set(skills)) {
      const head = this.slots(skill)[0];
      if (head && (!best || comparePickOrder(head.entry, best.slot.entry) < 0)) best = { skill, slot: head };
    }
    if (best) this.slots(best.skill).shift();
    return best?.slot;
  }

  private slots(skill: string): Slot[] {
    let slots = this.queues.get(skill);
    if (!slots) {
      slots = [];
      this.queues.set(skill, slots);
    }
    return slots;
  }

  private insert(slot: Slot): void {
    const slots = this.slots(slot.entry.skill);
    let low = 0;
    let high = slots.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = slots[mid] as Slot;
      const before = other.entry.priority - slot.entry.priority || other.seq - slot.seq;
      if (before < 0) low = mid + 1;
      else high = mid;
    }
    slots.splice(low, 0, slot);
  }

  private find(handoffId: string, skill: string): number | undefined {
    const index = this.slots(skill).findIndex((slot) => slot.entry.handoffId === handoffId);
    return index === -1 ? undefined : index;
  }
}
