import { randomUUID } from 'node:crypto';

/**
 * The handoff record: one per escalated conversation, the single source of truth about who
 * serves it. Its status changes only through the atomic transitions of a `HandoffStore`:
 *
 * ```
 * pending ──assign──► assigned ──resolve──► resolved
 *    ▲  │                │  │
 *    │  └─expire─► expired  └─requeue / transfer─► pending
 *    └──────cancel (pending or assigned)──► cancelled
 * ```
 */

/** Where a handoff is in its life. */
export type HandoffStatus = 'pending' | 'assigned' | 'resolved' | 'expired' | 'cancelled';

/** Statuses in which a conversation belongs to the people, not the bot. */
export const ACTIVE_STATUSES: readonly HandoffStatus[] = ['pending', 'assigned'];

/** Why a conversation went to a person (mirrors `EscalationReason` in dialogs/escalation.ts). */
export type HandoffReason =
  | 'customer-asked'
  | 'low-confidence'
  | 'form-failed'
  | 'faq-not-helpful'
  | 'negative-sentiment'
  | 'dialog-decision';

/** Customer tiers that raise the priority (from the CRM or the bot's user state). */
export type CustomerTier = 'standard' | 'gold' | 'platinum';

/** What the bot knew when it escalated: shown to the agent beside the chat. */
export interface HandoffContext {
  /** The intent the customer was served for. */
  intent?: string;
  /** NLU confidence of that intent, 0–1. */
  confidence?: number;
  /** Entities found (values PII-redacted before they are stored). */
  entities?: Array<{ type: string; text: string }>;
  /** The form in progress: its name and the slots filled so far. */
  form?: { name: string; filled: Record<string, string>; missing?: string[] };
  /** Sentiment of the recent messages, once the analytics capability provides it. */
  sentiment?: { label: 'negative' | 'neutral' | 'positive'; score: number };
}

/** The customer as the agent sees them. */
export interface HandoffCustomer {
  /** The customer's id on the channel. */
  id?: string;
  name?: string;
  tier?: CustomerTier;
}

/** What is needed to open a handoff (the service fills in ids, times and priority). */
export interface HandoffDraft {
  channelId: string;
  conversationId: string;
  skill: string;
  reason: HandoffReason;
  customer: HandoffCustomer;
  context: HandoffContext;
  priority: number;
}

/** A handoff as stored. Times are epoch milliseconds. */
export interface Handoff extends HandoffDraft {
  /** `h-<uuid>`: no `:` (it is also the BullMQ job id). */
  id: string;
  status: HandoffStatus;
  createdAt: number;
  /** When the customer started waiting (kept across requeues and transfers: waits add up). */
  queuedAt: number;
  /** How many later escalations joined this one instead of opening another. */
  joins: number;
  /** How many times the handoff went back to a queue (agent lost, transfer). */
  requeues: number;
  agentId?: string;
  agentName?: string;
  assignedAt?: number;
  /** When it reached a final status. */
  closedAt?: number;
  /** How the agent closed it (`solved`, `callback`, …) or why the system did. */
  disposition?: string;
  /** Grows by one with every transition. */
  version: number;
}

/** True while the handoff holds the conversation (pending or assigned). */
export function isActive(handoff: Pick<Handoff, 'status'>): boolean {
  return ACTIVE_STATUSES.includes(handoff.status);
}

/** A new handoff id: `h-` and a random UUID (no `:`, as BullMQ requires of job ids). */
export function newHandoffId(): string {
  return `h-${randomUUID()}`;
}

/** The store key of a conversation: channel and conversation id. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/${conversationId}`;
}
