import type { SentimentAlert } from './alerts/alert';
import type { MetricsFilter, MetricsRow } from './analytics-metrics';
import type { AnalyticsStore } from './analytics-store';

/** Everything the dashboard draws for one range. */
export interface DashboardData {
  range: MetricsFilter;
  /** The whole range in one row. */
  totals: MetricsRow;
  /** One row per day with events, oldest first. */
  daily: MetricsRow[];
  byIntent: MetricsRow[];
  byChannel: MetricsRow[];
  escalationReasons: Array<{ reason: string; count: number }>;
}

/**
 * The dashboard's figures for a range: four grouped queries (total, per day, per intent, per
 * channel) and the escalation reasons, run one after the other (SQLite serialises them anyway).
 */
export async function dashboardData(
  store: Pick<AnalyticsStore, 'metrics' | 'escalationReasons'>,
  range: MetricsFilter,
): Promise<DashboardData> {
  const [totals] = await store.metrics({ ...range, groupBy: [] });
  const daily = await store.metrics({ ...range, groupBy: ['day'] });
  const byIntent = await store.metrics({ ...range, groupBy: ['intent'] });
  const byChannel = await store.metrics({ ...range, groupBy: ['channel'] });
  const escalationReasons = await store.escalationReasons(range);
  return { range, totals: totals as MetricsRow, daily, byIntent, byChannel, escalationReasons };
}

/** Alerts shown at most on the dashboard. */
export const MAX_DASHBOARD_ALERTS = 100;

/** The alerts raised in the range (newest first), or none when no alert log is configured. */
export async function dashboardAlerts(
  alerts: { list(from: Date, to: Date, limit?: number): Promise<SentimentAlert[]> } | undefined,
  range: MetricsFilter,
): Promise<SentimentAlert[]> {
  if (!alerts) return [];
  return alerts.list(
    new Date(`${range.from}T00:00:00Z`),
    new Date(`${range.to}T00:00:00Z`),
    MAX_DASHBOARD_ALERTS,
  );
}
