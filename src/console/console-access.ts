import type { AgentIdentity, AgentRole } from '../handoff/agents';
import type { QueueEntry } from '../handoff/escalation-queue';
import type { Handoff } from '../handoff/handoff-record';
import type { QueueItemView } from './console-protocol';

/**
 * Who may see what in the console — the one place that decides, used by every console route and
 * the console socket's broadcast filter:
 * - `agent`: the queues of their skills, the conversations waiting in them and those they hold;
 * - `supervisor`: every queue and conversation, and the supervisor view;
 * - `admin`: what a supervisor sees, plus the admin API (`requireRole('admin')`).
 */
export const SUPERVISING_ROLES: readonly AgentRole[] = ['supervisor', 'admin'];

/** True for roles that see every queue (supervisor, admin). */
export function seesAllQueues(agent: AgentIdentity): boolean {
  return SUPERVISING_ROLES.includes(agent.role);
}

/**
 * Who may see a conversation: a supervisor or admin sees all; an agent sees the ones they hold
 * and the waiting ones of the skills they serve.
 */
export function canView(agent: AgentIdentity, handoff: Handoff): boolean {
  if (seesAllQueues(agent)) return true;
  if (handoff.agentId === agent.id) return true;
  return handoff.status === 'pending' && agent.skills.includes(handoff.skill);
}

/** A queue entry as the queue list shows it. */
export function queueView(entry: QueueEntry, now: number): QueueItemView {
  const { handoffId, skill, priority, queuedAt, summary } = entry;
  return { handoffId, skill, priority, waitMs: Math.max(0, now - queuedAt), ...summary };
}
