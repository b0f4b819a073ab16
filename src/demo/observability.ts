import { createSentimentAlerts, type SentimentAlerts } from '../analytics/alerts/create-sentiment-alerts';
import {
  type AnalyticsWiring,
  createAnalytics,
  DEFAULT_ANALYTICS_SQLITE_FILE,
} from '../analytics/create-analytics';
import { MemoryTranscriptStore, type TranscriptStore } from '../analytics/transcript-store';
import { loadAgentDirectory } from '../console/load-agents';
import { createMonitoring, type Monitoring } from '../monitoring/monitoring';
import type { SessionRevocations } from '../security/session-revocations';
import { sharedRateLimits } from '../security/shared-rate-limits';
import { openSqlDatabase } from '../sql/open-database';
import type { DemoServerOptions } from './demo-server-options';

/** What the deployment observes itself with. */
export interface Observability {
  monitoring: Monitoring;
  alerts: SentimentAlerts | undefined;
  analytics: AnalyticsWiring | undefined;
  /** The transcripts every part shares: the given ones, else analytics' SQL store, else memory. */
  transcripts: TranscriptStore;
}

/**
 * `GET /metrics`, negative-sentiment surge alerts and analytics (events, SQL transcripts,
 * dashboard), wired to each other: the alerts score what analytics records, the dashboard shows
 * the alerts, `/metrics` shows the analytics backlog (docs/monitoring.md, docs/analytics.md).
 */
export function composeObservability(
  options: DemoServerOptions,
  revocations: SessionRevocations,
): Observability {
  const { config, logger, state } = options;
  const monitoring = createMonitoring({ config, analyticsBacklog: () => analytics?.backlog() ?? 0 });
  const alerts =
    options.analytics === false || !config.analytics.alerts.enabled
      ? undefined
      : createSentimentAlerts({
          config,
          logger,
          state,
          onRaised: monitoring.alertRaised,
          // The analytics database: the injected one (analytics closes it), else our own connection.
          db:
            options.analytics?.db ??
            openSqlDatabase({
              databaseUrl: config.databaseUrl,
              sqlitePath: options.analytics?.sqlitePath ?? DEFAULT_ANALYTICS_SQLITE_FILE,
            }),
          closeDb: !options.analytics?.db,
        });
  const analytics =
    options.analytics === false
      ? undefined
      : createAnalytics({
          directory: loadAgentDirectory(config, logger),
          readIntent: options.readIntent,
          ...(alerts && { sentiment: alerts.scorer, onSentiment: alerts.observe, alerts: alerts.log }),
          // The dashboard logs in like the console: same lockouts, revocations and audit log.
          limits: sharedRateLimits({ config, state }),
          revocations,
          audit: options.audit,
          ...options.analytics,
          config,
          logger,
        });
  const transcripts = options.transcripts ?? analytics?.transcripts ?? new MemoryTranscriptStore();
  return { monitoring, alerts, analytics, transcripts };
}
