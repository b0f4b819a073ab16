import type { Handoff, HandoffDraft, HandoffStatus } from './handoff-record';

/** The named transitions of a handoff; nothing else changes its status. */
export type HandoffTransition = 'assign' | 'requeue' | 'transfer' | 'resolve' | 'expire' | 'cancel';

/** One transition's rule: the statuses it starts from and the one it reaches. */
export interface TransitionRule {
  from: readonly HandoffStatus[];
  to: HandoffStatus;
  /** A final status: the conversation goes back to the bot. */
  final: boolean;
}

/** The transition table, shared by every store so that they agree exactly. */
export const TRANSITIONS: Readonly<Record<HandoffTransition, TransitionRule>> = {
  assign: { from: ['pending'], to: 'assigned', final: false },
  requeue: { from: ['assigned'], to: 'pending', final: false },
  transfer: { from: ['assigned'], to: 'pending', final: false },
  resolve: { from: ['assigned'], to: 'resolved', final: true },
  expire: { from: ['pending'], to: 'expired', final: true },
  cancel: { from: ['pending', 'assigned'], to: 'cancelled', final: true },
};

/** What a transition needs besides the handoff id. */
export interface TransitionRequest {
  /** Epoch ms of the change. */
  now: number;
  /** `assign`: the agent taking the conversation. */
  agent?: { id: string; name: string };
  /** The agent who must hold the handoff for the change to apply (requeue, transfer, resolve). */
  expectedAgentId?: string;
  /** `transfer`: the new skill queue. */
  skill?: string;
  /** `requeue`, `transfer`: the priority in the queue it goes back to. */
  priority?: number;
  /** `resolve`, `expire`, `cancel`: how it ended. */
  disposition?: string;
}

/** The outcome of a transition: the changed handoff, or the current one when the rule refused it. */
export type TransitionResult = { ok: true; handoff: Handoff } | { ok: false; current: Handoff | undefined };

/** A new handoff as the service hands it to the store. */
export interface NewHandoff extends HandoffDraft {
  id: string;
  now: number;
}

/** The outcome of {@link HandoffStore.createOrJoin}. */
export interface CreateOrJoinResult {
  handoff: Handoff;
  /** True when the conversation already had an active handoff, which was returned instead. */
  joined: boolean;
}

/**
 * Where handoff records live. Every status change is one atomic compare-and-set following
 * {@link TRANSITIONS} (Lua on Redis, one synchronous step in memory), so of two agents assigning the
 * same handoff exactly one succeeds, and a conversation never has two active handoffs.
 * Conformance: `test/conformance/handoff-store-suite.ts`.
 */
export interface HandoffStore {
  /** Opens a pending handoff for the conversation, or joins the active one (counting the join). */
  createOrJoin(handoff: NewHandoff): Promise<CreateOrJoinResult>;
  get(id: string): Promise<Handoff | undefined>;
  /** The conversation's pending or assigned handoff, if any. */
  active(channelId: string, conversationId: string): Promise<Handoff | undefined>;
  /** Applies a transition if its rule allows it from the current status (and agent). */
  transition(id: string, name: HandoffTransition, request: TransitionRequest): Promise<TransitionResult>;
  /** Every pending or assigned handoff (supervisor view, restarts). */
  listOpen(): Promise<Handoff[]>;
  /** Remembers how long an agent took (assign → resolve), for wait estimates. */
  recordHandleTime(skill: string, handleMs: number): Promise<void>;
  /** The most recent handle times of a skill, newest first (at most {@link HANDLE_TIMES_KEPT}). */
  recentHandleTimes(skill: string): Promise<number[]>;
  close(): Promise<void>;
  /** Every handoff (active or finished) of a conversation, for a customer's export and erasure. */
  listByConversation?(channelId: string, conversationId: string): Promise<Handoff[]>;
  /** Deletes every handoff record of a conversation (erasure); returns how many went. */
  eraseConversation?(channelId: string, conversationId: string): Promise<number>;
}

/** Handle times kept per skill: enough for a stable mean, recent enough to follow the day. */
export const HANDLE_TIMES_KEPT = 50;

/** The field changes of a transition, computed the same way for every store. */
export interface TransitionPatch {
  set: Record<string, string | number>;
  del: Array<keyof Handoff>;
  incr: Array<'requeues'>;
}

/** The fields a transition sets, clears and increments (status and version are handled by the store). */
export function transitionPatch(name: HandoffTransition, request: TransitionRequest): TransitionPatch {
  const agentFields: Array<keyof Handoff> = ['agentId', 'agentName', 'assignedAt'];
  switch (name) {
    case 'assign':
      return {
        set: {
          agentId: request.agent?.id ?? '',
          agentName: request.agent?.name ?? '',
          assignedAt: request.now,
        },
        del: [],
        incr: [],
      };
    case 'requeue':
    case 'transfer': {
      const set: Record<string, string | number> = {};
      if (request.priority !== undefined) set['priority'] = request.priority;
      if (name === 'transfer' && request.skill !== undefined) set['skill'] = request.skill;
      return { set, del: agentFields, incr: ['requeues'] };
    }
    case 'resolve':
    case 'expire':
    case 'cancel':
      return {
        set: { closedAt: request.now, disposition: request.disposition ?? defaultDisposition(name) },
        del: [],
        incr: [],
      };
  }
}

function defaultDisposition(name: 'resolve' | 'expire' | 'cancel'): string {
  if (name === 'expire') return 'no-agent-in-time';
  return name === 'cancel' ? 'cancelled' : 'solved';
}

/** True when `name` may run on `handoff` (status, and agent when one is expected). */
export function transitionAllowed(
  handoff: Handoff,
  name: HandoffTransition,
  request: TransitionRequest,
): boolean {
  if (!TRANSITIONS[name].from.includes(handoff.status)) return false;
  return request.expectedAgentId === undefined || handoff.agentId === request.expectedAgentId;
}

/** How long a finished handoff is kept (Redis expiry, memory sweep): a month for reporting and disputes. */
export const FINISHED_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
