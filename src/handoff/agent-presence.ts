import type { Storage } from '../state/ports';

/** What an agent chose: online takes conversations, away keeps the current ones only. */
export type PresenceStatus = 'online' | 'away' | 'offline';

/** An agent's presence as stored (shared by every process through `Storage`). */
export interface PresenceRecord {
  agentId: string;
  /** What the agent chose; `offline` after logout. */
  status: PresenceStatus;
  /** Last sign of life from any of the agent's console sockets (epoch ms). */
  lastSeenAt: number;
  /** When the agent's latest socket connected (epoch ms). */
  connectedAt: number;
}

/** Options of {@link AgentPresence}. */
export interface AgentPresenceOptions {
  storage: Storage;
  /** An agent not seen for this long counts as offline (a few missed heartbeats). */
  staleAfterMs: number;
  now?: () => number;
}

/**
 * Agent presence in the shared `Storage` (memory or Redis), so every process agrees on who is
 * online: the supervisor view, wait estimates and the disconnect grace period read it. A console
 * socket marks its agent seen on connect and on every heartbeat; an agent who stops being seen
 * turns offline by itself.
 */
export class AgentPresence {
  private readonly now: () => number;

  constructor(private readonly options: AgentPresenceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Sets the agent's chosen status. */
  async setStatus(agentId: string, status: PresenceStatus): Promise<PresenceRecord> {
    const record = { ...(await this.read(agentId)), status, lastSeenAt: this.now() };
    await this.write(record);
    return record;
  }

  /** Records a sign of life; `connected` marks a new socket (the grace period looks at it). */
  async seen(agentId: string, connected = false): Promise<void> {
    const record = await this.read(agentId);
    const now = this.now();
    const status = record.status === 'offline' ? 'online' : record.status;
    await this.write({
      ...record,
      status,
      lastSeenAt: now,
      connectedAt: connected ? now : record.connectedAt,
    });
  }

  /** The stored record with the effective status (offline when not seen recently). */
  async get(agentId: string): Promise<PresenceRecord> {
    const record = await this.read(agentId);
    const stale = this.now() - record.lastSeenAt > this.options.staleAfterMs;
    return stale ? { ...record, status: 'offline' } : record;
  }

  /** Presence of several agents (one storage read). */
  async list(agentIds: readonly string[]): Promise<PresenceRecord[]> {
    if (agentIds.length === 0) return [];
    const items = await this.options.storage.read(agentIds.map(presenceKey));
    const now = this.now();
    return agentIds.map((agentId) => {
      const record = (items[presenceKey(agentId)] as PresenceRecord | undefined) ?? offline(agentId);
      const stale = now - record.lastSeenAt > this.options.staleAfterMs;
      return stale ? { ...record, agentId, status: 'offline' } : { ...record, agentId };
    });
  }

  private async read(agentId: string): Promise<PresenceRecord> {
    const items = await this.options.storage.read([presenceKey(agentId)]);
    const found = items[presenceKey(agentId)] as (PresenceRecord & { eTag?: string }) | undefined;
    if (!found) return offline(agentId);
    const { eTag: _eTag, ...record } = found;
    return record;
  }

  private async write(record: PresenceRecord): Promise<void> {
    // Last writer wins: every write says "now", so a lost race loses nothing that matters.
    await this.options.storage.write({ [presenceKey(record.agentId)]: { ...record, eTag: '*' } });
  }
}

function presenceKey(agentId: string): string {
  return `handoff/presence/${agentId}`;
}

function offline(agentId: string): PresenceRecord {
  return { agentId, status: 'offline', lastSeenAt: 0, connectedAt: 0 };
}
