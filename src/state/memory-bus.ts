import { ShuttingDownError } from '../errors';
import { BusSubscriptions } from './bus-subscriptions';
import type { BusHandler, MessageBus } from './ports';
import { type ErrorReporter, warnOnError } from './report-error';

/** Options of {@link MemoryMessageBus}. */
export interface MemoryMessageBusOptions {
  /** Receives errors thrown by handlers; default: a process warning. */
  onError?: ErrorReporter;
}

/**
 * The embedded `MessageBus`: publish/subscribe within one process. Messages are delivered
 * asynchronously (after `publish` returns to the event loop), in publish order, as with Redis.
 *
 * @example
 * const unsubscribe = await bus.subscribe('webchat:abc', (message) => socket.send(message));
 * await bus.publish('webchat:abc', JSON.stringify(reply));
 */
export class MemoryMessageBus implements MessageBus {
  readonly #subscriptions: BusSubscriptions;
  #closing: Promise<void> | undefined;

  constructor(options: MemoryMessageBusOptions = {}) {
    this.#subscriptions = new BusSubscriptions(options.onError ?? warnOnError);
  }

  async publish(channel: string, message: string): Promise<void> {
    this.#assertOpen();
    queueMicrotask(() => this.#subscriptions.dispatch(channel, message));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.#assertOpen();
    const { subscription } = this.#subscriptions.add(channel, handler);
    return async () => void this.#subscriptions.remove(channel, subscription);
  }

  /** Drops every subscription; idempotent. */
  close(): Promise<void> {
    this.#closing ??= Promise.resolve().then(() => this.#subscriptions.clear());
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
