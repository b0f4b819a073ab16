import { SlackApi } from '../../../adapters/slack/slack-api';
import type { SwitchboardConfig } from '../../config/schema';
import { ConfigError } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { ServerModule } from '../../server/switchboard-server';
import type { SqlDatabase } from '../../sql/sql-database';
import type { StateServices } from '../../state/ports';
import { createSentimentScorer } from '../sentiment/sentiment-scorer';
import type { AlertLog, SentimentAlert, SentimentLabel, SentimentScorer } from './alert';
import { AlertDispatcher, type AlertSink } from './alert-sink';
import type { BucketCounter } from './bucket-counter';
import { MemoryAlertLog } from './memory-alert-log';
import { MemoryBucketCounter } from './memory-bucket-counter';
import { RedisBucketCounter } from './redis-bucket-counter';
import { SlackAlertSink, type SlackMessagePoster } from './slack-alert-sink';
import { SqlAlertLog } from './sql-alert-log';
import { NegativeSurgeDetector } from './surge-detector';
import { WebhookAlertSink } from './webhook-alert-sink';

/** Options of {@link createSentimentAlerts}. */
export interface SentimentAlertsOptions {
  config: Pick<SwitchboardConfig, 'analytics' | 'channels'>;
  logger: Logger;
  /** With Redis, counts and cooldowns are shared by every process. */
  state: Pick<StateServices, 'redis'>;
  /** Keeps the alerts for the dashboard in SQL (migrated at start); none: memory. */
  db?: SqlDatabase;
  /** Whether shutdown closes `db` (default true; false when another part owns it). */
  closeDb?: boolean;
  /** Called once per raised alert (the Prometheus counter). */
  onRaised?: (alert: SentimentAlert) => void;
  /** Slack poster for `slackChannel` (default: the Slack adapter's `SlackApi`, `SLACK_API_URL` honoured). */
  slack?: SlackMessagePoster;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A scored customer message, as the analytics recorder hands it over (`onSentiment`). */
export interface ScoredMessage {
  channelId: string;
  intent?: string;
  sentimentLabel?: SentimentLabel;
}

/** Sentiment scoring and surge alerts, ready to plug into analytics and a server. */
export interface SentimentAlerts {
  /** Give to the analytics recorder (`sentiment`). */
  scorer: SentimentScorer;
  /** Raised alerts, for the dashboard (`alerts`). */
  log: AlertLog;
  detector: NegativeSurgeDetector;
  /** Counts one scored customer message (the analytics recorder's `onSentiment`); never throws. */
  observe(message: ScoredMessage): void;
  /** Resolves when every observation and delivery in progress has finished. */
  settled(): Promise<void>;
  /** Migrates the SQL log at start, drains deliveries and closes the log at shutdown. */
  module: () => ServerModule;
}

/**
 * Builds the sentiment scorer, the negative-surge detector (memory counts, or Redis counts shared
 * by every process when the state is on Redis) and the alert delivery: the log (SQL or memory),
 * plus a webhook and a Slack channel when `analytics.alerts` names them.
 *
 * @example
 * const alerts = createSentimentAlerts({ config, logger, state });
 * createAnalytics({ ..., sentiment: alerts.scorer, onSentiment: alerts.observe, alerts: alerts.log });
 */
export function createSentimentAlerts(options: SentimentAlertsOptions): SentimentAlerts {
  const { config, logger } = options;
  const settings = config.analytics.alerts;
  const log = options.db ? new SqlAlertLog(options.db) : new MemoryAlertLog();
  const detector = new NegativeSurgeDetector({
    counter: counterOf(options),
    windowMs: settings.windowMs,
    baselineMs: settings.baselineMs,
    cooldownMs: settings.cooldownMs,
    rule: {
      ratio: settings.ratio,
      minIncrease: settings.minIncrease,
      minMessages: settings.minMessages,
      minBaselineMessages: settings.minBaselineMessages,
    },
    now: options.now,
  });
  const dispatcher = new AlertDispatcher({
    log,
    sinks: sinksOf(options),
    logger,
    onRaised: options.onRaised,
  });
  const observing = new Set<Promise<void>>();
  const observe = (message: ScoredMessage) => {
    if (!settings.enabled || message.sentimentLabel === undefined) return;
    const { channelId, intent } = message;
    const work = detector
      .observe({ channelId, intent, negative: message.sentimentLabel === 'negative' })
      .then((alerts) => Promise.all(alerts.map((alert) => dispatcher.dispatch(alert))))
      .then(() => undefined)
      .catch((error: unknown) =>
        logger.warn({ err: error, code: (error as { code?: unknown }).code }, 'surge detection failed'),
      );
    observing.add(work);
    void work.finally(() => observing.delete(work));
  };
  const settled = async () => {
    await Promise.all([...observing]);
    await dispatcher.drain();
  };
  return {
    scorer: createSentimentScorer(),
    log,
    detector,
    observe,
    settled,
    module: () => alertsModule(log, settled, logger, options.closeDb ?? true),
  };
}

function counterOf(options: SentimentAlertsOptions): BucketCounter {
  const redis = options.state.redis;
  if (redis) return new RedisBucketCounter({ redis: redis.client, keyPrefix: redis.keyPrefix });
  return new MemoryBucketCounter({ now: options.now });
}

function sinksOf(options: SentimentAlertsOptions): AlertSink[] {
  const { webhookUrl, slackChannel } = options.config.analytics.alerts;
  const sinks: AlertSink[] = [];
  if (webhookUrl) sinks.push(new WebhookAlertSink({ url: webhookUrl, fetch: options.fetch }));
  if (slackChannel) {
    const { botToken, apiUrl } = options.config.channels.slack;
    if (!botToken) {
      throw new ConfigError(
        `analytics.alerts.slackChannel is "${slackChannel}" but channels.slack.botToken is not set: alerts cannot be posted. Set SLACK_BOT_TOKEN (scope chat:write), or unset ALERTS_SLACK_CHANNEL.`,
      );
    }
    const slack = options.slack ?? new SlackApi({ apiUrl, logger: options.logger });
    sinks.push(new SlackAlertSink({ slack, token: botToken, channel: slackChannel }));
  }
  return sinks;
}

function alertsModule(
  log: AlertLog,
  settled: () => Promise<void>,
  logger: Logger,
  closeDb: boolean,
): ServerModule {
  let closing: Promise<void> | undefined;
  return {
    start: async () => {
      if (!(log instanceof SqlAlertLog)) return;
      // A database that is down must not stop the bot; alerts still reach the webhook and Slack.
      await log
        .migrate()
        .catch((error: unknown) => logger.warn({ err: error }, 'alert log unavailable at start'));
    },
    close: () => {
      closing ??= (async () => {
        await settled();
        if (closeDb && log instanceof SqlAlertLog) await log.close();
      })();
      return closing;
    },
  };
}
