import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ShuttingDownError } from '../errors';
import { type BusSubscription, BusSubscriptions } from './bus-subscriptions';
import { parseOptions } from './parse-options';
import type { BusHandler, MessageBus } from './ports';
import { quitRedis } from './redis-connection';
import { type RedisServiceOptions, redisServiceOptionsShape } from './redis-options';
import { type ErrorReporter, warnOnError } from './report-error';

/** The Redis pub/sub channel of bus channel `channel` under `keyPrefix`. */
export function redisBusChannel(keyPrefix: string, channel: string): string {
  return `${keyPrefix}bus:${channel}`;
}

/** Options of {@link RedisMessageBus}. */
export interface RedisMessageBusOptions extends RedisServiceOptions {
  /** Receives handler and subscriber-connection errors; default: a process warning. */
  onError?: ErrorReporter;
}

const optionsSchema = z.strictObject({
  ...redisServiceOptionsShape,
  onError: z.custom<ErrorReporter>((value) => typeof value === 'function').default(() => warnOnError),
});

/**
 * `MessageBus` on Redis pub/sub, across processes. Publishes on the given (command) connection;
 * receives on ONE subscriber connection of its own, shared by all channels: a channel is
 * subscribed in Redis when its first handler arrives and unsubscribed when its last one leaves.
 * Channels are named `<prefix>bus:<channel>`. Delivery is at most once (Redis pub/sub).
 *
 * @example
 * const bus = new RedisMessageBus({ redis, keyPrefix: 'swb:' });
 * const unsubscribe = await bus.subscribe('webchat:abc', (message) => socket.send(message));
 */
export class RedisMessageBus implements MessageBus {
  readonly #options: Readonly<z.output<typeof optionsSchema>>;
  readonly #subscriptions: BusSubscriptions;
  /** Per Redis channel: the SUBSCRIBE that made it active (pending or done). */
  readonly #active = new Map<string, Promise<unknown>>();
  #subscriber: Redis | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: RedisMessageBusOptions) {
    this.#options = parseOptions(optionsSchema, options, 'RedisMessageBus');
    this.#subscriptions = new BusSubscriptions(this.#options.onError);
  }

  async publish(channel: string, message: string): Promise<void> {
    this.#assertOpen();
    await this.#options.redis.publish(this.#channel(channel), message);
  }

  /** Resolves once Redis confirmed the subscription; the returned function is idempotent. */
  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.#assertOpen();
    const name = this.#channel(channel);
    const { subscription, first } = this.#subscriptions.add(name, handler);
    if (first) this.#active.set(name, this.#subscriberConnection().subscribe(name));
    try {
      await this.#active.get(name);
    } catch (error) {
      if (this.#subscriptions.remove(name, subscription)) this.#active.delete(name);
      throw error;
    }
    let unsubscribed: Promise<void> | undefined;
    return () => {
      unsubscribed ??= this.#unsubscribe(name, subscription);
      return unsubscribed;
    };
  }

  /** Drops every subscription and closes the subscriber connection; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #unsubscribe(name: string, subscription: BusSubscription): Promise<void> {
    if (!this.#subscriptions.remove(name, subscription)) return;
    this.#active.delete(name);
    if (!this.#closing) await this.#subscriber?.unsubscribe(name);
  }

  async #shutdown(): Promise<void> {
    this.#subscriptions.clear();
    this.#active.clear();
    if (this.#subscriber) await quitRedis(this.#subscriber);
  }

  #subscriberConnection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const { redis, onError } = this.#options;
    const name = redis.options.connectionName ?? 'switchboard';
    const subscriber = redis.duplicate({ connectionName: `${name}:bus` });
    subscriber.on('error', (error: unknown) => onError(error, 'message bus subscriber'));
    subscriber.on('message', (channel: string, message: string) =>
      this.#subscriptions.dispatch(channel, message),
    );
    this.#subscriber = subscriber;
    return subscriber;
  }

  #channel(channel: string): string {
    return redisBusChannel(this.#options.keyPrefix, channel);
  }

  #assertOpen(): void {
    if (this.#closing) throw new ShuttingDownError();
  }
}
