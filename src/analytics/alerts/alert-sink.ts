import type { Logger } from '../../logging/logger';
import type { AlertLog, SentimentAlert } from './alert';

/** Somewhere a raised alert is sent (a webhook, a Slack channel). */
export interface AlertSink {
  /** For logs, e.g. `webhook`, `slack`. */
  readonly name: string;
  /** Delivers the alert; rejects (with a coded error) when it finally could not. */
  send(alert: SentimentAlert): Promise<void>;
}

/** Options of {@link AlertDispatcher}. */
export interface AlertDispatcherOptions {
  /** Where alerts are kept for the dashboard. */
  log: AlertLog;
  sinks: readonly AlertSink[];
  logger: Logger;
  /** Called once per raised alert (the Prometheus counter). */
  onRaised?: (alert: SentimentAlert) => void;
}

/**
 * Hands each raised alert to the log and every sink, in parallel, and never rejects: a failing
 * sink is logged with its code and does not stop the others (nor the turn that raised the alert).
 */
export class AlertDispatcher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: AlertDispatcherOptions) {}

  /** Records and delivers `alert`; resolves when every sink finished or gave up. */
  dispatch(alert: SentimentAlert): Promise<void> {
    this.options.onRaised?.(alert);
    const { log, sinks, logger } = this.options;
    logger.warn({ alertId: alert.id, intent: alert.intent, channelId: alert.channelId }, alert.summary);
    const tasks = [
      this.guard('log', () => log.record(alert), alert),
      ...sinks.map((sink) => this.guard(sink.name, () => sink.send(alert), alert)),
    ];
    const done = Promise.all(tasks).then(() => undefined);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  /** Resolves when every dispatch in progress has finished (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async guard(target: string, work: () => Promise<void>, alert: SentimentAlert): Promise<void> {
    try {
      await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.options.logger.error({ err: error, code, target, alertId: alert.id }, 'alert delivery failed');
    }
  }
}
