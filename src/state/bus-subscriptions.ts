import type { BusHandler } from './ports';
import type { ErrorReporter } from './report-error';

/** One `subscribe` call: an object of its own, so one handler subscribed twice is two entries. */
export interface BusSubscription {
  readonly handler: BusHandler;
}

/**
 * The handlers of each channel of a message bus, and their dispatch: a handler that throws is
 * reported and does not keep the message from the other handlers.
 */
export class BusSubscriptions {
  readonly #channels = new Map<string, Set<BusSubscription>>();

  constructor(private readonly onError: ErrorReporter) {}

  /** Adds a handler; `first` is true when the channel had none (the bus must subscribe). */
  add(channel: string, handler: BusHandler): { subscription: BusSubscription; first: boolean } {
    let subscriptions = this.#channels.get(channel);
    const first = subscriptions === undefined;
    if (subscriptions === undefined) {
      subscriptions = new Set();
      this.#channels.set(channel, subscriptions);
    }
    const subscription: BusSubscription = { handler };
    subscriptions.add(subscription);
    return { subscription, first };
  }

  /** Removes a handler; true when it was the channel's last one (the bus may unsubscribe). */
  remove(channel: string, subscription: BusSubscription): boolean {
    const subscriptions = this.#channels.get(channel);
    if (!subscriptions?.delete(subscription)) return false;
    if (subscriptions.size > 0) return false;
    this.#channels.delete(channel);
    return true;
  }

  /** Calls every handler of `channel` with `message`. */
  dispatch(channel: string, message: string): void {
    for (const { handler } of this.#channels.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.onError(error, `message bus handler on channel "${channel}"`);
      }
    }
  }

  /** Drops every handler. */
  clear(): void {
    this.#channels.clear();
  }
}
