import type { Redis } from 'ioredis';
import { createRedisConnection, quitRedis } from '../state/redis-connection';
import { DEFAULT_KEY_PREFIX } from '../state/redis-options';
import type { ErrorReporter } from '../state/report-error';
import { BullMqOutboundSender } from './bullmq-outbound-sender';
import { MemoryOutboundSender } from './memory-outbound-sender';
import type { OutboundSender } from './outbound-sender';
import type { OutboundRetryOptions } from './retry-delay';

/** Options of {@link createOutboundSender}. */
export interface CreateOutboundSenderOptions {
  /** Without it: in-process retries; with it: BullMQ retries any worker process runs. */
  redisUrl?: string;
  keyPrefix?: string;
  retry?: Partial<OutboundRetryOptions>;
  onError: ErrorReporter;
}

/**
 * Builds the deployment's outbound sender, chosen by `redisUrl` like the state services. On Redis
 * it owns two connections (markers, BullMQ), quit by its `close()`.
 *
 * @example
 * const outbound = createOutboundSender({ redisUrl: config.redisUrl, onError });
 * new SwitchboardServer({ ..., outbound });
 */
export function createOutboundSender(options: CreateOutboundSenderOptions): OutboundSender {
  if (options.redisUrl === undefined) {
    return new MemoryOutboundSender({ retry: options.retry, onError: options.onError });
  }
  const redis = createRedisConnection(options.redisUrl, { name: 'switchboard:outbound' });
  const connection = createRedisConnection(options.redisUrl, {
    name: 'switchboard:outbound-queue',
    blocking: true,
  });
  for (const c of [redis, connection]) {
    c.on('error', (error: unknown) => options.onError(error, 'Redis outbound connection'));
  }
  const sender = new BullMqOutboundSender({
    redis,
    connection,
    keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
    retry: options.retry,
    onError: options.onError,
  });
  return withOwnedConnections(sender, [redis, connection]);
}

/** The sender, whose `close()` also quits the connections it was built on. */
function withOwnedConnections(sender: BullMqOutboundSender, connections: Redis[]): OutboundSender {
  let closing: Promise<void> | undefined;
  return {
    kind: sender.kind,
    register: (transport) => sender.register(transport),
    send: (message) => sender.send(message),
    consume: () => sender.consume(),
    close: () => {
      closing ??= sender
        .close()
        .then(() => Promise.all(connections.map((c) => quitRedis(c))))
        .then(() => {});
      return closing;
    },
  };
}
