import { conversationKey, type Handoff, isActive } from './handoff-record';
import {
  type CreateOrJoinResult,
  FINISHED_RETENTION_MS,
  HANDLE_TIMES_KEPT,
  type HandoffStore,
  type HandoffTransition,
  type NewHandoff,
  TRANSITIONS,
  type TransitionRequest,
  type TransitionResult,
  transitionAllowed,
  transitionPatch,
} from './handoff-store';

/** Finished handoffs the embedded store keeps at most, so one process cannot grow without bound. */
const MAX_FINISHED_KEPT = 10_000;

/**
 * The embedded `HandoffStore` (`npm start`, one process). Each method checks and changes in one
 * synchronous step, which is what makes it atomic in a single-threaded process; records are copied
 * in and out so callers never alias stored objects. Same semantics as `RedisHandoffStore`.
 */
export class MemoryHandoffStore implements HandoffStore {
  private readonly records = new Map<string, Handoff>();
  private readonly byConversation = new Map<string, string>();
  private readonly finished: string[] = [];
  private readonly handleTimes = new Map<string, number[]>();

  async createOrJoin(draft: NewHandoff): Promise<CreateOrJoinResult> {
    const key = conversationKey(draft.channelId, draft.conversationId);
    const existing = this.records.get(this.byConversation.get(key) ?? '');
    if (existing && isActive(existing)) {
      existing.joins += 1;
      return { handoff: structuredClone(existing), joined: true };
    }
    const { now, ...fields } = draft;
    const handoff: Handoff = {
      ...structuredClone(fields),
      status: 'pending',
      createdAt: now,
      queuedAt: now,
      joins: 0,
      requeues: 0,
      version: 1,
    };
    this.records.set(handoff.id, handoff);
    this.byConversation.set(key, handoff.id);
    return { handoff: structuredClone(handoff), joined: false };
  }

  async get(id: string): Promise<Handoff | undefined> {
    const found = this.records.get(id);
    return found && structuredClone(found);
  }

  async active(channelId: string, conversationId: string): Promise<Handoff | undefined> {
    const found = this.records.get(this.byConversation.get(conversationKey(channelId, conversationId)) ?? '');
    return found && isActive(found) ? structuredClone(found) : undefined;
  }

  async transition(
    id: string,
    name: HandoffTransition,
    request: TransitionRequest,
  ): Promise<TransitionResult> {
    const handoff = this.records.get(id);
    if (!handoff || !transitionAllowed(handoff, name, request)) {
      return { ok: false, current: handoff && structuredClone(handoff) };
    }
    const patch = transitionPatch(name, request);
    const target = handoff as unknown as Record<string, unknown>;
    Object.assign(target, patch.set);
    for (const field of patch.del) delete target[field];
    for (const field of patch.incr) handoff[field] += 1;
    handoff.status = TRANSITIONS[name].to;
    handoff.version += 1;
    if (TRANSITIONS[name].final) this.finish(handoff, request.now);
    return { ok: true, handoff: structuredClone(handoff) };
  }

  async listOpen(): Promise<Handoff[]> {
    return [...this.records.values()].filter(isActive).map((h) => structuredClone(h));
  }

  async recordHandleTime(skill: string, handleMs: number): Promise<void> {
    const times = this.handleTimes.get(skill) ?? [];
    times.unshift(handleMs);
    times.length = Math.min(times.length, HANDLE_TIMES_KEPT);
    this.handleTimes.set(skill, times);
  }

  async recentHandleTimes(skill: string): Promise<number[]> {
    return [...(this.handleTimes.get(skill) ?? [])];
  }

  async close(): Promise<void> {}

  async listByConversation(channelId: string, conversationId: string): Promise<Handoff[]> {
    return [...this.records.values()]
      .filter((h) => h.channelId === channelId && h.conversationId === conversationId)
      .map((h) => structuredClone(h));
  }

  async eraseConversation(channelId: string, conversationId: string): Promise<number> {
    const found = await this.listByConversation(channelId, conversationId);
    for (const handoff of found) {
      this.records.delete(handoff.id);
      const index = this.finished.indexOf(handoff.id);
      if (index >= 0) this.finished.splice(index, 1);
    }
    this.byConversation.delete(conversationKey(channelId, conversationId));
    return found.length;
  }

  private finish(handoff: Handoff, now: number): void {
    const key = conversationKey(handoff.channelId, handoff.conversationId);
    if (this.byConversation.get(key) === handoff.id) this.byConversation.delete(key);
    this.finished.push(handoff.id);
    // Oldest first: drop what is past retention, and the oldest beyond the cap.
    while (this.finished.length > 0) {
      const oldest = this.records.get(this.finished[0] as string);
      const expired = (oldest?.closedAt ?? 0) + FINISHED_RETENTION_MS < now;
      if (!expired && this.finished.length <= MAX_FINISHED_KEPT) break;
      this.records.delete(this.finished.shift() as string);
    }
  }
}
