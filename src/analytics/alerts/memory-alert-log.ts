import type { AlertLog, SentimentAlert } from './alert';

/** Alerts kept by the in-memory log; the oldest are dropped past this. */
const MAX_ALERTS = 1000;
/** Alerts returned by `list` when no limit is given. */
export const DEFAULT_ALERT_LIST_LIMIT = 100;

/** {@link AlertLog} in memory: tests and deployments without a database; bounded. */
export class MemoryAlertLog implements AlertLog {
  private readonly alerts: SentimentAlert[] = [];

  async record(alert: SentimentAlert): Promise<void> {
    if (this.alerts.some((a) => a.id === alert.id)) return;
    this.alerts.push({ ...alert });
    if (this.alerts.length > MAX_ALERTS) this.alerts.shift();
  }

  async list(from: Date, to: Date, limit = DEFAULT_ALERT_LIST_LIMIT): Promise<SentimentAlert[]> {
    return this.alerts
      .filter((a) => Date.parse(a.raisedAt) >= from.getTime() && Date.parse(a.raisedAt) < to.getTime())
      .sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt))
      .slice(0, limit)
      .map((a) => ({ ...a }));
  }
}
