import type { MessageBus } from '../state/ports';
import {
  type ChatLine,
  type CustomerDelivery,
  HANDOFF_BUS_CHANNEL,
  type HandoffBroadcast,
  type HandoffEvents,
  TypedEmitter,
} from './handoff-events';
import type { Handoff } from './handoff-record';

/** Events that carry a handoff whose state changed. */
export type HandoffChange = 'queued' | 'joined' | 'assigned' | 'resolved' | 'expired' | 'cancelled';

/**
 * Where the service's news goes: local typed events (the bot glue delivers `deliver`) and the bus
 * broadcast that every process's console follows. A failing broadcast is reported, never thrown:
 * the transition it announces has already happened.
 */
export class HandoffPublisher {
  readonly events: TypedEmitter<HandoffEvents>;

  constructor(
    private readonly bus: MessageBus,
    private readonly report: (error: unknown, context: string) => void,
  ) {
    this.events = new TypedEmitter((error, event) => report(error, `handoff "${event}" listener`));
  }

  /** Announces a changed handoff, locally and to every console. */
  async changed(event: HandoffChange, handoff: Handoff): Promise<void> {
    this.events.emit(event, handoff);
    await this.broadcast({ type: 'handoff', handoff });
  }

  /** Announces a handoff back in a queue. */
  async requeued(handoff: Handoff, why: 'agent-lost' | 'transfer'): Promise<void> {
    this.events.emit('requeued', handoff, why);
    await this.broadcast({ type: 'handoff', handoff });
  }

  /** A live chat line: to the holding agent's console (any process). */
  async chat(handoff: Handoff, line: ChatLine): Promise<void> {
    this.events.emit('message', handoff, line);
    await this.broadcast({ type: 'message', handoffId: handoff.id, agentId: handoff.agentId, line });
  }

  /** Something for the customer: the bot glue in this process sends it. */
  deliver(handoff: Handoff, delivery: CustomerDelivery): void {
    this.events.emit('deliver', handoff, delivery);
  }

  close(): void {
    this.events.removeAll();
  }

  private async broadcast(message: HandoffBroadcast): Promise<void> {
    try {
      await this.bus.publish(HANDOFF_BUS_CHANNEL, JSON.stringify(message));
    } catch (error) {
      this.report(error, 'handoff broadcast');
    }
  }
}
