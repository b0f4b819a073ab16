import { Router as createRouter } from 'express';
import type { AuditLog } from '../audit/audit-log';
import type { SwitchboardConfig } from '../config/schema';
import { ConsoleSessionCodec, consoleSessionSecrets } from '../console/console-session';
import type { AgentDirectory } from '../handoff/agents';
import type { HandoffService } from '../handoff/handoff-service';
import type { Logger } from '../logging/logger';
import type { TextCipher } from '../privacy/customer-data';
import { RateLimits } from '../security/rate-limits';
import { SessionRevocations } from '../security/session-revocations';
import type { ServerModule } from '../server/switchboard-server';
import { openSqlDatabase } from '../sql/open-database';
import type { SqlDatabase } from '../sql/sql-database';
import type { AlertLog, SentimentScorer } from './alerts/alert';
import type { AnalyticsEvent } from './analytics-event';
import { AnalyticsMiddleware, type TurnIntent } from './analytics-middleware';
import { AnalyticsRecorder, type AnalyticsRecorderOptions } from './analytics-recorder';
import {
  type ChannelIdentity,
  type CustomerProfileView,
  customerProfile,
  customerProfileOf,
} from './customer-profile';
import { dashboardApi } from './dashboard/dashboard-api';
import { dashboardStaticRoutes } from './dashboard/dashboard-static';
import { recordHandoffEvents } from './handoff-analytics';
import { SqlAnalyticsStore } from './sql-analytics-store';
import { SqlTranscriptStore } from './sql-transcript-store';
import { SqliteWriteThread } from './sqlite-write-thread';

/** Where the embedded default keeps analytics events and transcripts. */
export const DEFAULT_ANALYTICS_SQLITE_FILE = '.data/analytics.sqlite';

/** Options of {@link createAnalytics}. */
export interface CreateAnalyticsOptions {
  config: SwitchboardConfig;
  logger: Logger;
  /** Who may log in to the dashboard (supervisors and admins of the agent directory). */
  directory: AgentDirectory;
  /** The database (default: PostgreSQL when `config.databaseUrl` is set, else {@link DEFAULT_ANALYTICS_SQLITE_FILE}). */
  db?: SqlDatabase;
  /** SQLite file of the default database. */
  sqlitePath?: string;
  /** Encrypts transcript text and profile fields at rest. */
  cipher?: TextCipher;
  /** Scores each customer message; none: no sentiment recorded. */
  sentiment?: SentimentScorer;
  /** Receives each scored customer message (the negative-surge detector). */
  onSentiment?: (event: AnalyticsEvent) => void;
  /** Raised alerts, listed on the dashboard. */
  alerts?: Pick<AlertLog, 'list'>;
  /** Reads the turn's intent (default: the NLU result in turn state). */
  readIntent?: (context: Parameters<AnalyticsMiddleware['onTurn']>[0]) => TurnIntent | undefined;
  /** Buffer sizes and retry backoff of the event recorder and the transcript writer. */
  buffer?: AnalyticsRecorderOptions['buffer'];
  /**
   * Dashboard login limits and lockouts: pass the console's (`sharedRateLimits`) so failures on
   * either count together; default: the default limits, in this process's memory.
   */
  limits?: RateLimits;
  /** Sessions ended by logout: pass the console's; default: in this process's memory. */
  revocations?: SessionRevocations;
  /** Where dashboard logins, failed logins and logouts are recorded. */
  audit?: AuditLog;
  now?: () => number;
}

/** The analytics capability, ready to plug into a server. */
export interface AnalyticsWiring {
  store: SqlAnalyticsStore;
  /** The SQL transcripts: give to the server's (and the console's) `transcripts`. */
  transcripts: SqlTranscriptStore;
  recorder: AnalyticsRecorder;
  /** Put first in the server's `gate` slot. */
  middleware: AnalyticsMiddleware;
  /** Records a handoff service's escalations, picks and resolves; returns the unsubscriber. */
  watchHandoff(service: Pick<HandoffService, 'on'>): () => void;
  /** Events and transcript lines not yet stored (the backlog gauge). */
  backlog(): number;
  /**
   * A customer's identities and conversations by their id, without transcript lines (the dialogs'
   * `profileOf`: a greeting needs no history, and must not wait on it); undefined when never identified.
   */
  profileOf(customerId: string): Promise<CustomerProfileView | undefined>;
  /** The profile of whoever a channel identity was identified as (the agent console's Customer panel). */
  profileOfIdentity(identity: ChannelIdentity): Promise<CustomerProfileView | undefined>;
  /** Put in the server's `modules`: the dashboard routes, migrations at start, flush at close. */
  module: () => ServerModule;
}

/**
 * Builds analytics for a deployment: the SQL store (migrated at start), SQL transcripts, the
 * buffered recorder, the turn middleware, the handoff subscription and the dashboard
 * (`/dashboard/`, `/api/analytics`). A database that is down never stops the bot: events wait in
 * the recorder's bounded buffer and are retried.
 *
 * @example
 * const analytics = createAnalytics({ config, logger, directory });
 * new SwitchboardServer({ ..., transcripts: analytics.transcripts, gate: [analytics.middleware], modules: [analytics.module] });
 */
export function createAnalytics(options: CreateAnalyticsOptions): AnalyticsWiring {
  const { config, logger, cipher } = options;
  const db = options.db ?? openDefaultDatabase(config, options.sqlitePath);
  // The default SQLite file is written by its own thread, off the event loop turns run on (an
  // in-memory database cannot be shared with a thread: it is written in place).
  const sqlitePath = options.sqlitePath ?? DEFAULT_ANALYTICS_SQLITE_FILE;
  const thread =
    !options.db && db.dialect === 'sqlite' && sqlitePath !== ':memory:'
      ? new SqliteWriteThread(sqlitePath)
      : undefined;
  const store = new SqlAnalyticsStore({ db, cipher });
  const transcripts = new SqlTranscriptStore({
    db,
    schema: store,
    cipher,
    logger,
    buffer: options.buffer,
    writer: thread && ((lines) => thread.writeTranscripts(lines)),
  });
  const writeEvents = thread && {
    insert: (events: readonly AnalyticsEvent[]) => thread.writeEvents(events.map((e) => hideName(e, cipher))),
  };
  const recorder = new AnalyticsRecorder({ store: writeEvents ?? store, buffer: options.buffer, logger });
  const middleware = new AnalyticsMiddleware({
    recorder,
    readIntent: options.readIntent,
    sentiment: options.sentiment,
    onSentiment: options.onSentiment,
    logger,
  });
  const stops: Array<() => void> = [];
  return {
    store,
    transcripts,
    recorder,
    middleware,
    watchHandoff: (service) => {
      const stop = recordHandoffEvents(service, recorder);
      stops.push(stop);
      return stop;
    },
    backlog: () => recorder.backlog() + transcripts.backlog(),
    profileOf: (customerId) => customerProfile({ store }, customerId),
    profileOfIdentity: (identity) => customerProfileOf({ store, transcripts }, identity),
    module: () => analyticsModule(options, { store, transcripts, recorder, stops, thread }),
  };
}

/** The event with its profile field encrypted, as the write thread stores it verbatim. */
function hideName(event: AnalyticsEvent, cipher: TextCipher | undefined): AnalyticsEvent {
  return cipher && event.customerName !== undefined
    ? { ...event, customerName: cipher.encrypt(event.customerName) }
    : event;
}

/**
 * The deployment's database for analytics. On SQLite, `synchronous = NORMAL`: in WAL mode commits
 * then skip the fsync (measured ~6 ms each on our CI disk, on the event loop), and a crash of the
 * process still loses nothing committed; only a power loss may lose the last batches.
 */
function openDefaultDatabase(config: SwitchboardConfig, sqlitePath: string | undefined): SqlDatabase {
  const db = openSqlDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: sqlitePath ?? DEFAULT_ANALYTICS_SQLITE_FILE,
  });
  if (db.dialect === 'sqlite') void db.script('PRAGMA synchronous = NORMAL').catch(() => undefined);
  return db;
}

interface ModuleParts {
  store: SqlAnalyticsStore;
  transcripts: SqlTranscriptStore;
  recorder: AnalyticsRecorder;
  stops: Array<() => void>;
  thread: SqliteWriteThread | undefined;
}

function analyticsModule(options: CreateAnalyticsOptions, parts: ModuleParts): ServerModule {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const publicOrigin = config.server.publicBaseUrl ? new URL(config.server.publicBaseUrl).origin : undefined;
  const sessions = new ConsoleSessionCodec({
    secrets: consoleSessionSecrets(config.handoff.sessionSecrets, config.webchat.tokenSecrets),
    ttlMs: config.handoff.sessionTtlMs,
    now,
  });
  const router = createRouter();
  router.use(dashboardStaticRoutes());
  router.use(
    dashboardApi({
      store: parts.store,
      transcripts: parts.transcripts,
      alerts: options.alerts,
      directory: options.directory,
      sessions,
      sessionTtlMs: config.handoff.sessionTtlMs,
      revocations: options.revocations ?? new SessionRevocations({}, now),
      limits: options.limits ?? new RateLimits({ security: config.security, env: config.env, state: {} }),
      secureCookies: publicOrigin?.startsWith('https:') ?? false,
      allowedOrigins: publicOrigin ? [publicOrigin] : [],
      bodyLimitBytes: config.server.bodyLimitBytes,
      audit: options.audit,
      logger,
    }),
  );
  let closing: Promise<void> | undefined;
  return {
    routes: () => router,
    start: async () => {
      // A database that is down must not stop the bot: the recorder buffers and retries.
      await parts.store
        .migrate()
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'analytics database unavailable at start; events are buffered'),
        );
    },
    close: () => {
      closing ??= (async () => {
        for (const stop of parts.stops) stop();
        await parts.recorder.close();
        await parts.transcripts.close();
        await parts.thread?.close();
        await parts.store.close();
      })();
      return closing;
    },
  };
}
