import { EventEmitter } from 'node:events';
import type { Handoff, HandoffStatus } from './handoff-record';

/** One line of the live chat between a customer and the people. */
export interface ChatLine {
  from: 'customer' | 'agent' | 'system';
  text: string;
  /** Epoch ms. */
  at: number;
  agentId?: string;
  agentName?: string;
  /** Where the agent wrote the line when not in the agent console (`slack`: the Slack agent desk). */
  via?: string;
}

/** The value of the `handoff.status` event the bot receives when a handoff ends. */
export interface HandoffStatusValue {
  status: Extract<HandoffStatus, 'resolved' | 'expired'>;
  handoffId: string;
  skill: string;
  agentName?: string;
  disposition?: string;
}

/** Something to send to the customer on their own channel. */
export type CustomerDelivery =
  /** A chat message from the agent, or a notice from the system (queue position, agent joined). */
  | { kind: 'message'; role: 'agent' | 'system'; text: string; agentName?: string }
  /** The handoff ended: the bot takes over again with a `handoff.status` event turn. */
  | { kind: 'status'; value: HandoffStatusValue };

/**
 * The events of a `HandoffService`, in the process where the change happened. The bot glue
 * listens to `deliver` (exactly one process delivers each message); consoles listen to the bus
 * broadcast instead (see {@link HandoffBroadcast}), which reaches every process.
 */
export interface HandoffEvents {
  /** A new handoff waits in its skill queue. */
  queued(handoff: Handoff): void;
  /** A later escalation joined an active handoff instead of opening another. */
  joined(handoff: Handoff): void;
  /** An agent took the conversation. */
  assigned(handoff: Handoff): void;
  /** Back in a queue: its agent was lost (to the front) or transferred it to another skill. */
  requeued(handoff: Handoff, why: 'agent-lost' | 'transfer'): void;
  resolved(handoff: Handoff): void;
  expired(handoff: Handoff): void;
  cancelled(handoff: Handoff): void;
  /** A line of the live chat. */
  message(handoff: Handoff, line: ChatLine): void;
  /** Send this to the customer (see `HandoffRelay` in src/bot/handoff). */
  deliver(handoff: Handoff, delivery: CustomerDelivery): void;
}

/** What the service publishes on the bus for the consoles of every process. */
export type HandoffBroadcast =
  | { type: 'handoff'; handoff: Handoff }
  /** `agentId`: who holds the conversation (the only agent whose console shows the line live). */
  | { type: 'message'; handoffId: string; agentId?: string; line: ChatLine };

/** The bus channel of {@link HandoffBroadcast}s. */
export const HANDOFF_BUS_CHANNEL = 'handoff:updates';

/** Receives listener failures, which must never break the service. */
export type ListenerErrorReporter = (error: unknown, event: string) => void;

/**
 * A typed event emitter (BullMQ's `WorkerListener` style): `on` and `emit` are checked against
 * the events interface. A listener that throws or rejects is reported, never rethrown, so one
 * broken listener cannot fail a transition that already happened.
 */
export class TypedEmitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: ListenerErrorReporter) {
    this.emitter.setMaxListeners(100);
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events & string>(event: K, listener: Events[K]): () => void {
    const wrapped = (...args: unknown[]) => {
      try {
        const result: unknown = (listener as unknown as (...a: unknown[]) => unknown)(...args);
        if (result instanceof Promise) result.catch((error: unknown) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    };
    this.emitter.on(event, wrapped);
    return () => this.emitter.off(event, wrapped);
  }

  emit<K extends keyof Events & string>(event: K, ...args: Parameters<Events[K]>): void {
    this.emitter.emit(event, ...args);
  }

  removeAll(): void {
    this.emitter.removeAllListeners();
  }
}
