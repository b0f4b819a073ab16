import type { AgentIdentity } from '../handoff/agents';
import type { QueueEntry } from '../handoff/escalation-queue';
import type { Handoff } from '../handoff/handoff-record';
import type { QueueItemView } from './console-protocol';

/**
 * Who may see a conversation: a supervisor sees all; an agent sees the ones they hold and the
 * waiting ones of the skills they serve.
 */
export function canView(agent: AgentIdentity, handoff: Handoff): boolean {
  if (agent.role === 'supervisor') return true;
  if (handoff.agentId === agent.id) return true;
  return handoff.status === 'pending' && agent.skills.includes(handoff.skill);
}

/** A queue entry as the queue list shows it. */
export function queueView(entry: QueueEntry, now: number): QueueItemView {
  const { handoffId, skill, priority, queuedAt, summary } = entry;
  return { handoffId, skill, priority, waitMs: Math.max(0, now - queuedAt), ...summary };
}
