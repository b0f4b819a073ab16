import type { HandoffTimer } from './escalation-queue';
import type { HandoffCore } from './handoff-core';
import { FRONT_OF_QUEUE_PRIORITY } from './priority';

/** A heartbeat this much after a disconnect means another socket of the agent is alive. */
const HEARTBEAT_SLACK_MS = 1_000;

/**
 * What happens when time runs out: a wait timeout expires a pending handoff (the bot offers a
 * callback or a ticket), and an agent gone longer than the grace period loses their conversations
 * to the front of the queue. Both are durable timers, so they fire in whichever process runs.
 */
export class HandoffRecovery {
  constructor(
    private readonly core: HandoffCore,
    private readonly graceMs: number,
  ) {}

  /** Handles a fired timer. */
  async onTimer(timer: HandoffTimer): Promise<void> {
    if (timer.kind === 'wait-timeout') return this.expire(timer.handoffId);
    const agentId = timer.agentId ?? '';
    const handoff = await this.core.parts.store.get(timer.handoffId);
    if (handoff?.status !== 'assigned' || handoff.agentId !== agentId) return;
    if (await this.cameBack(agentId, timer.since ?? 0)) return;
    await this.requeueLost(handoff.id, agentId);
  }

  /** Starts the grace period of every conversation the agent holds. */
  async agentDisconnected(agentId: string): Promise<void> {
    const since = this.core.parts.now();
    for (const handoff of await this.core.assignedTo(agentId)) {
      const timer: HandoffTimer = { kind: 'agent-grace', handoffId: handoff.id, agentId, since };
      await this.core.parts.queue.scheduleTimer(timer, this.graceMs);
    }
  }

  /** Gives the agent's conversations back to the front of their queues now (logout). */
  async releaseAgent(agentId: string): Promise<void> {
    for (const handoff of await this.core.assignedTo(agentId)) await this.requeueLost(handoff.id, agentId);
  }

  private async cameBack(agentId: string, since: number): Promise<boolean> {
    const presence = await this.core.parts.presence?.get(agentId);
    if (!presence) return false;
    return presence.connectedAt > since || presence.lastSeenAt > since + HEARTBEAT_SLACK_MS;
  }

  private async expire(handoffId: string): Promise<void> {
    const expired = await this.core.transition(handoffId, 'expire', {});
    if (!expired) return;
    const { queueing, publisher } = this.core.parts;
    await queueing.leave(expired);
    await publisher.changed('expired', expired);
    const value = {
      status: 'expired' as const,
      handoffId,
      skill: expired.skill,
      disposition: expired.disposition,
    };
    publisher.deliver(expired, { kind: 'status', value });
  }

  private async requeueLost(handoffId: string, agentId: string): Promise<void> {
    const request = { expectedAgentId: agentId, priority: FRONT_OF_QUEUE_PRIORITY };
    const requeued = await this.core.transition(handoffId, 'requeue', request);
    if (requeued) await this.core.requeue(requeued, 'agent-lost');
  }
}
