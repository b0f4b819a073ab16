import type { Middleware } from 'botbuilder-core';
import type { SentimentAlert } from '../analytics/alerts/alert';
import type { SwitchboardConfig } from '../config/schema';
import type { HandoffService } from '../handoff/handoff-service';
import type { ServerModule, SwitchboardServer } from '../server/switchboard-server';
import { ActiveConversations } from './active-conversations';
import { metricsRouter } from './metrics-router';
import { type QueueSnapshot, SwitchboardMetrics } from './switchboard-metrics';
import { timedMiddleware } from './timed-middleware';
import { TurnMetricsMiddleware } from './turn-metrics-middleware';

/** Options of {@link createMonitoring}. */
export interface MonitoringOptions {
  config: Pick<SwitchboardConfig, 'monitoring'>;
  /** Analytics events not yet stored (the analytics wiring's `backlog()`). */
  analyticsBacklog?: () => number;
  now?: () => number;
}

/** The handoff service as monitoring reads it. */
export type MonitoredHandoff = Pick<HandoffService, 'depths' | 'listQueue' | 'on'>;

/**
 * The monitoring hooks of a deployment: put {@link Monitoring.turnMiddleware} in the server's
 * `outer` slot, wrap the NLU middleware with {@link Monitoring.timeNlu}, give the handoff service
 * to {@link Monitoring.watchHandoff}, and add {@link Monitoring.module} to the server's modules
 * (it mounts `GET /metrics` and reads in-flight turns from the server's tracker).
 */
export interface Monitoring {
  readonly metrics: SwitchboardMetrics;
  readonly turnMiddleware: Middleware;
  /** The same middleware, its own time observed as NLU latency. */
  timeNlu(nlu: Middleware): Middleware;
  /** Queue depths and oldest waits at scrape time, waits observed when an agent picks. */
  watchHandoff(handoff: MonitoredHandoff): () => void;
  /** Counts a failure by its code (for failures outside a turn). */
  recordError(code: string): void;
  /** Counts a raised sentiment alert. */
  alertRaised(alert: SentimentAlert): void;
  module: (server: SwitchboardServer) => ServerModule;
}

/**
 * Builds the deployment's Prometheus metrics (own registry, process metrics included) and the hooks
 * that feed them.
 *
 * @example
 * const monitoring = createMonitoring({ config, analyticsBacklog: () => analytics.backlog() });
 * new SwitchboardServer({ ..., outer: [monitoring.turnMiddleware], modules: [monitoring.module] });
 */
export function createMonitoring(options: MonitoringOptions): Monitoring {
  const { monitoring } = options.config;
  const now = options.now ?? Date.now;
  const metrics = new SwitchboardMetrics();
  const active = new ActiveConversations(monitoring.activeConversationWindowMs, now);
  metrics.collectFrom({
    activeConversations: () => active.count(),
    analyticsBacklog: options.analyticsBacklog,
    now,
  });
  return {
    metrics,
    turnMiddleware: new TurnMetricsMiddleware(metrics, active),
    timeNlu: (nlu) => timedMiddleware(nlu, metrics.nluDuration),
    watchHandoff: (handoff) => {
      metrics.collectFrom({ queues: () => queueSnapshots(handoff) });
      return handoff.on('assigned', (h) => {
        if (h.assignedAt !== undefined)
          metrics.handoffWait.observe({ skill: h.skill }, (h.assignedAt - h.queuedAt) / 1000);
      });
    },
    recordError: (code) => metrics.errors.inc({ code }),
    alertRaised: (alert) =>
      metrics.alerts.inc({ intent: alert.intent ?? '', channel: alert.channelId ?? '' }),
    module: (server) => {
      metrics.collectFrom({ turnsInFlight: () => server.tracker.size });
      return monitoring.metricsEnabled
        ? { routes: () => metricsRouter({ metrics, token: monitoring.metricsToken }) }
        : {};
    },
  };
}

/** Longest-waiting entries are read one per queue (pick order is by priority, so take the oldest of a page). */
const OLDEST_SCAN = 50;

async function queueSnapshots(handoff: MonitoredHandoff): Promise<QueueSnapshot[]> {
  const depths = await handoff.depths();
  return Promise.all(
    Object.entries(depths).map(async ([skill, depth]) => {
      if (depth === 0) return { skill, depth };
      const entries = await handoff.listQueue(skill, OLDEST_SCAN);
      const oldestQueuedAt = Math.min(...entries.map((e) => e.queuedAt));
      return Number.isFinite(oldestQueuedAt) ? { skill, depth, oldestQueuedAt } : { skill, depth };
    }),
  );
}
