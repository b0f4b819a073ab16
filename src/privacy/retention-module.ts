import type { Redis } from 'ioredis';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { ServerModule } from '../server/switchboard-server';
import { createRedisConnection, quitRedis } from '../state/redis-connection';
import { RetentionJob, type RetentionSchedule, type RetentionTarget, scheduleRetention } from './retention';

/** Options of {@link retentionModule}. */
export interface RetentionModuleOptions {
  config: Pick<SwitchboardConfig, 'privacy' | 'redisUrl' | 'redisKeyPrefix'>;
  logger: Logger;
  /** Stores to sweep; those without `deleteOlderThan` are skipped. */
  stores: readonly unknown[];
}

/** True when a store can delete by age. */
export function isRetentionTarget(store: unknown): store is RetentionTarget {
  const candidate = store as Partial<RetentionTarget> | undefined;
  return typeof candidate?.deleteOlderThan === 'function' && typeof candidate.name === 'string';
}

/**
 * The retention sweep as a server module: started with the server, stopped on close. Nothing when
 * `privacy.retentionDays` is unset. On Redis it is a BullMQ job scheduler (one run per interval for
 * the deployment), else a timer.
 *
 * @example modules: [...(retentionModule({ config, logger, stores: [transcripts, analytics.store] }) ?? [])]
 */
export function retentionModule(options: RetentionModuleOptions): Array<() => ServerModule> {
  const { privacy, redisUrl, redisKeyPrefix } = options.config;
  const targets = options.stores.filter(isRetentionTarget);
  if (privacy.retentionDays === undefined || targets.length === 0) return [];
  const job = new RetentionJob({ targets, retentionDays: privacy.retentionDays, logger: options.logger });
  let connection: Redis | undefined;
  let schedule: RetentionSchedule | undefined;
  let closing: Promise<void> | undefined;
  return [
    () => ({
      start: async () => {
        if (redisUrl)
          connection = createRedisConnection(redisUrl, { name: 'switchboard:retention', blocking: true });
        schedule = await scheduleRetention({
          job,
          intervalMs: privacy.retentionSweepIntervalMs,
          connection,
          keyPrefix: redisKeyPrefix,
          logger: options.logger,
        });
      },
      close: () => {
        closing ??= (async () => {
          await schedule?.close();
          if (connection) await quitRedis(connection);
        })();
        return closing;
      },
    }),
  ];
}
