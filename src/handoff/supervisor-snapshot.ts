import type { AgentPresence, PresenceStatus } from './agent-presence';
import type { AgentDirectory, AgentRole } from './agents';
import type { Handoff } from './handoff-record';

/** One skill queue in the supervisor view. */
export interface QueueStats {
  skill: string;
  /** Conversations waiting. */
  depth: number;
  /** Longest current wait, ms (0 when empty). */
  longestWaitMs: number;
  /** Conversations being served. */
  assigned: number;
}

/** One agent in the supervisor view. */
export interface AgentStats {
  id: string;
  name: string;
  role: AgentRole;
  skills: string[];
  status: PresenceStatus;
  /** Conversations the agent holds now. */
  conversations: number;
}

/** What a supervisor sees: queue depths, longest waits, agents online, conversations per agent. */
export interface SupervisorSnapshot {
  at: number;
  queues: QueueStats[];
  agents: AgentStats[];
  totals: { waiting: number; assigned: number; agentsOnline: number };
}

/** What the snapshot is computed from. */
export interface SupervisorSources {
  skills: readonly string[];
  depths(): Promise<Record<string, number>>;
  listOpen(): Promise<Handoff[]>;
  directory: AgentDirectory;
  presence: AgentPresence;
  now: number;
}

/** Builds the supervisor view from the queues, the open handoffs and agent presence. */
export async function supervisorSnapshot(sources: SupervisorSources): Promise<SupervisorSnapshot> {
  const agents = sources.directory.list();
  const [depths, open, presence] = await Promise.all([
    sources.depths(),
    sources.listOpen(),
    sources.presence.list(agents.map((a) => a.id)),
  ]);
  const queues = sources.skills.map((skill) => {
    const pending = open.filter((h) => h.skill === skill && h.status === 'pending');
    const oldest = Math.min(...pending.map((h) => h.queuedAt), sources.now);
    const assigned = open.filter((h) => h.skill === skill && h.status === 'assigned').length;
    return { skill, depth: depths[skill] ?? pending.length, longestWaitMs: sources.now - oldest, assigned };
  });
  const held = new Map<string, number>();
  for (const h of open)
    if (h.status === 'assigned' && h.agentId) held.set(h.agentId, (held.get(h.agentId) ?? 0) + 1);
  const agentStats = agents.map((agent, i) => ({
    ...agent,
    status: presence[i]?.status ?? 'offline',
    conversations: held.get(agent.id) ?? 0,
  }));
  return {
    at: sources.now,
    queues,
    agents: agentStats,
    totals: {
      waiting: queues.reduce((sum, q) => sum + q.depth, 0),
      assigned: queues.reduce((sum, q) => sum + q.assigned, 0),
      agentsOnline: agentStats.filter((a) => a.status === 'online').length,
    },
  };
}
