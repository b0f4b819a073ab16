import { DEFAULT_ANALYTICS_SQLITE_FILE } from '../analytics/create-analytics';
import { SqlAnalyticsStore } from '../analytics/sql-analytics-store';
import { SqlTranscriptStore } from '../analytics/sql-transcript-store';
import { openAuditLog } from '../audit/open-audit-log';
import type { SwitchboardConfig } from '../config/schema';
import { BullMqEscalationQueue } from '../handoff/bullmq-escalation-queue';
import { RedisHandoffStore } from '../handoff/redis-handoff-store';
import { openSqlDatabase } from '../sql/open-database';
import { createRedisConnection, quitRedis } from '../state/redis-connection';
import { createStateServices } from '../state/state-services';
import { CustomerDataService } from './customer-data-service';
import { customerDataSources, type DeploymentStores } from './customer-data-sources';
import { applyPrivacyConfig, withEncryptedStorage } from './privacy-runtime';

/** The embedded default's audit log file: the same one `switchboard serve` writes. */
const AUDIT_SQLITE_FILE = '.data/audit.sqlite';

/** Where the embedded SQLite files are (tests pass temporary ones). */
export interface OpenCustomerDataOptions {
  /** Analytics events and transcripts; default the analytics file `createAnalytics` uses. */
  sqlitePath?: string;
  /** The audit log; default {@link AUDIT_SQLITE_FILE}. */
  auditSqlitePath?: string;
}

/** A service over the deployment's stores, and how to close them. */
export interface OpenedCustomerDataService {
  service: CustomerDataService;
  close(): Promise<void>;
}

/**
 * Opens every store of a deployment from its configuration (the CLI's `customer` command): bot
 * state and SMS consent in Redis (or memory), handoff records and BullMQ jobs when Redis is
 * configured, transcripts and analytics events in SQL, the SQL audit log.
 */
export async function openCustomerDataService(
  config: SwitchboardConfig,
  options: OpenCustomerDataOptions = {},
): Promise<OpenedCustomerDataService> {
  const cipher = applyPrivacyConfig(config);
  const state = withEncryptedStorage(
    createStateServices({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix }),
    cipher,
  );
  await state.ready();
  const db = openSqlDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: options.sqlitePath ?? DEFAULT_ANALYTICS_SQLITE_FILE,
  });
  const analytics = new SqlAnalyticsStore({ db, cipher, ownsDatabase: false });
  const transcripts = new SqlTranscriptStore({ db, schema: analytics, cipher });
  const closers: Array<() => Promise<void>> = [];
  let handoff: DeploymentStores['handoff'];
  if (config.redisUrl) {
    const redis = createRedisConnection(config.redisUrl, { name: 'switchboard:customer-cli' });
    const blocking = createRedisConnection(config.redisUrl, {
      name: 'switchboard:customer-cli:bull',
      blocking: true,
    });
    const queue = new BullMqEscalationQueue({ connection: blocking, keyPrefix: config.redisKeyPrefix });
    handoff = { store: new RedisHandoffStore({ redis, keyPrefix: config.redisKeyPrefix }), queue };
    closers.push(
      () => queue.close(),
      () => quitRedis(blocking),
      () => quitRedis(redis),
    );
  }
  const sources = customerDataSources({ state, stores: [transcripts, analytics], handoff });
  const audit = await openAuditLog({
    databaseUrl: config.databaseUrl,
    sqlitePath: options.auditSqlitePath ?? AUDIT_SQLITE_FILE,
  });
  return {
    service: new CustomerDataService({ sources, audit: audit.audit }),
    close: async () => {
      for (const close of closers.splice(0)) await close();
      await transcripts.close();
      await analytics.close();
      await state.close();
      await db.close();
      await audit.close();
    },
  };
}
