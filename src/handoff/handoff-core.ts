import { HandoffConflictError, HandoffNotFoundError } from '../errors';
import type { AgentPresence } from './agent-presence';
import { agentLostNotice, assignedNotice, transferNotice } from './customer-notices';
import type { EscalationQueue } from './escalation-queue';
import type { CustomerDelivery } from './handoff-events';
import type { HandoffPublisher } from './handoff-publisher';
import type { HandoffQueueing, WaitInfo } from './handoff-queueing';
import type { Handoff } from './handoff-record';
import type { HandoffStore, HandoffTransition, TransitionRequest } from './handoff-store';

/** What the core steps use. */
export interface HandoffCoreParts {
  store: HandoffStore;
  queue: EscalationQueue;
  presence?: AgentPresence;
  publisher: HandoffPublisher;
  queueing: HandoffQueueing;
  now: () => number;
}

/**
 * The steps the service and its recovery share: a transition on the record, entering a queue
 * (cancelled if the queue fails), the aftermath of an assignment and of a requeue. Internal to
 * src/handoff.
 */
export class HandoffCore {
  constructor(readonly parts: HandoffCoreParts) {}

  /** Runs a transition; the changed handoff, or undefined when its rule refused it. */
  async transition(
    id: string,
    name: HandoffTransition,
    request: Omit<TransitionRequest, 'now'>,
  ): Promise<Handoff | undefined> {
    const result = await this.parts.store.transition(id, name, { ...request, now: this.parts.now() });
    return result.ok ? result.handoff : undefined;
  }

  /** Queues a pending handoff; if the queue fails, cancels it so nobody waits in a queue that lost them. */
  async enter(handoff: Handoff): Promise<WaitInfo> {
    try {
      return await this.parts.queueing.enter(handoff);
    } catch (error) {
      await this.transition(handoff.id, 'cancel', { disposition: 'queue-unavailable' }).catch(
        () => undefined,
      );
      throw error;
    }
  }

  /** After an assignment: no more timeout, consoles told, customer told who serves them. */
  async assigned(handoff: Handoff): Promise<void> {
    await this.parts.queueing.taken(handoff);
    await this.parts.publisher.changed('assigned', handoff);
    this.parts.publisher.deliver(handoff, system(assignedNotice(handoff.agentName ?? 'an agent')));
  }

  /** Back in a queue (agent lost: at the front; transfer: in the new skill), customer told. */
  async requeue(handoff: Handoff, why: 'agent-lost' | 'transfer'): Promise<void> {
    const { position, etaMinutes } = await this.enter(handoff);
    await this.parts.publisher.requeued(handoff, why);
    const text =
      why === 'agent-lost'
        ? agentLostNotice(position, etaMinutes)
        : transferNotice(handoff.skill, position, etaMinutes);
    this.parts.publisher.deliver(handoff, system(text));
  }

  /** The handoff if `agent` holds it; otherwise a coded error. */
  async heldBy(handoffId: string, agentId: string, action: string): Promise<Handoff> {
    const handoff = await this.parts.store.get(handoffId);
    if (!handoff) throw new HandoffNotFoundError(handoffId);
    if (handoff.status !== 'assigned' || handoff.agentId !== agentId) {
      throw new HandoffConflictError(handoffId, describeHolder(handoff), action);
    }
    return handoff;
  }

  /** The error for a refused transition: not found, or who holds it now. */
  async conflict(handoffId: string, action: string): Promise<Error> {
    const current = await this.parts.store.get(handoffId);
    if (!current) return new HandoffNotFoundError(handoffId);
    return new HandoffConflictError(handoffId, describeHolder(current), action);
  }

  /** The handoffs an agent holds now. */
  async assignedTo(agentId: string): Promise<Handoff[]> {
    const open = await this.parts.store.listOpen();
    return open.filter((h) => h.status === 'assigned' && h.agentId === agentId);
  }
}

/** A notice from the system to the customer. */
export function system(text: string): CustomerDelivery {
  return { kind: 'message', role: 'system', text };
}

function describeHolder(handoff: Handoff): string {
  return handoff.status === 'assigned'
    ? `assigned to ${handoff.agentName ?? handoff.agentId}`
    : handoff.status;
}
