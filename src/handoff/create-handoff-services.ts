import type { Redis } from 'ioredis';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';
import { createRedisConnection, quitRedis } from '../state/redis-connection';
import { AgentPresence } from './agent-presence';
import type { AgentDirectory } from './agents';
import { BullMqEscalationQueue } from './bullmq-escalation-queue';
import type { EscalationQueue } from './escalation-queue';
import { HandoffService } from './handoff-service';
import type { HandoffStore } from './handoff-store';
import { InProcessEscalationQueue } from './in-process-escalation-queue';
import { MemoryHandoffStore } from './memory-handoff-store';
import { RedisHandoffStore } from './redis-handoff-store';

/** Options of {@link createHandoffServices}. */
export interface HandoffServicesOptions {
  /** The `handoff` configuration section. */
  config: SwitchboardConfig['handoff'];
  /** The deployment's state: the bus carries console updates, storage holds presence. */
  state: Pick<StateServices, 'bus' | 'storage'>;
  /** Without it: memory store and in-process queue; with it: Redis store and BullMQ. */
  redisUrl?: string;
  keyPrefix?: string;
  directory: AgentDirectory;
  logger: Logger;
  now?: () => number;
}

/** The handoff parts of a deployment, closed together. */
export interface HandoffServices {
  service: HandoffService;
  store: HandoffStore;
  queue: EscalationQueue;
  presence: AgentPresence;
  directory: AgentDirectory;
  /** Starts timers and updates. */
  start(): Promise<void>;
  /** Stops the service, closes the queue and store, quits own connections; idempotent. */
  close(): Promise<void>;
}

/** An agent not seen for three heartbeats (20 s each, see the console) counts as offline. */
const PRESENCE_STALE_MS = 60_000;

/**
 * Builds the handoff capability on the embedded default (memory store, in-process queue) or on
 * Redis (Lua store, BullMQ queues and durable timers), chosen by `redisUrl` like the state services.
 */
export function createHandoffServices(options: HandoffServicesOptions): HandoffServices {
  const { config, logger } = options;
  const onError = (error: unknown, context: string) => logger.error({ err: error }, context);
  const { store, queue, connections } = createBackends(options, onError);
  const presence = new AgentPresence({
    storage: options.state.storage,
    staleAfterMs: PRESENCE_STALE_MS,
    now: options.now,
  });
  const service = new HandoffService({
    ...config,
    store,
    queue,
    bus: options.state.bus,
    directory: options.directory,
    presence,
    logger,
    now: options.now,
  });
  let closing: Promise<void> | undefined;
  return {
    service,
    store,
    queue,
    presence,
    directory: options.directory,
    start: () => service.start(),
    close: () => {
      closing ??= service
        .close()
        .then(() => Promise.allSettled([queue.close(), store.close()]))
        .then(() => Promise.all(connections.map((c) => quitRedis(c))))
        .then(() => {});
      return closing;
    },
  };
}

/** Memory store and in-process queue, or the Redis store and BullMQ on two connections of their own. */
function createBackends(
  options: HandoffServicesOptions,
  onError: (error: unknown, context: string) => void,
): { store: HandoffStore; queue: EscalationQueue; connections: Redis[] } {
  if (options.redisUrl === undefined) {
    return {
      store: new MemoryHandoffStore(),
      queue: new InProcessEscalationQueue({ onError }),
      connections: [],
    };
  }
  const commands = createRedisConnection(options.redisUrl, { name: 'switchboard:handoff' });
  // BullMQ duplicates this one for its workers, which need `maxRetriesPerRequest: null`.
  const bull = createRedisConnection(options.redisUrl, { name: 'switchboard:handoff-queue', blocking: true });
  for (const c of [commands, bull])
    c.on('error', (error: unknown) => onError(error, 'Redis handoff connection'));
  return {
    store: new RedisHandoffStore({ redis: commands, keyPrefix: options.keyPrefix }),
    queue: new BullMqEscalationQueue({ connection: bull, keyPrefix: options.keyPrefix, onError }),
    connections: [commands, bull],
  };
}
