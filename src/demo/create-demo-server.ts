import type { Middleware } from 'botbuilder-core';
import { createSlackDeskFromConfig } from '../../adapters/slack/desk/desk-module';
import { voiceHandoffModule } from '../../adapters/twilio-voice/voice-handoff-module';
import { createAcmeBot } from '../../dialogs/acme-bot';
import { createHandoffDialogs } from '../../dialogs/handoff/handoff-dialogs';
import type { IntentReader } from '../../dialogs/intent';
import { createSentimentAlerts } from '../analytics/alerts/create-sentiment-alerts';
import {
  type CreateAnalyticsOptions,
  createAnalytics,
  DEFAULT_ANALYTICS_SQLITE_FILE,
} from '../analytics/create-analytics';
import { MemoryTranscriptStore, type TranscriptStore } from '../analytics/transcript-store';
import type { AuditLog } from '../audit/audit-log';
import { createHandoff } from '../bot/handoff/create-handoff';
import { NluMiddleware } from '../bot/nlu/nlu-middleware';
import type { SwitchboardConfig } from '../config/schema';
import type { AgentAssist } from '../console/console-api';
import { loadAgentDirectory } from '../console/load-agents';
import type { AgentDirectory } from '../handoff/agents';
import type { Logger } from '../logging/logger';
import { createMonitoring } from '../monitoring/monitoring';
import { customerAdminRoutes } from '../privacy/customer-admin-routes';
import { retentionModule } from '../privacy/retention-module';
import { SessionRevocations } from '../security/session-revocations';
import { sharedRateLimits } from '../security/shared-rate-limits';
import type { ReadinessCheck } from '../server/readiness';
import { SwitchboardServer, type SwitchboardServerOptions } from '../server/switchboard-server';
import { openSqlDatabase } from '../sql/open-database';
import type { StateServices } from '../state/ports';
import type { DemoFaq } from './demo-faq';

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  config: SwitchboardConfig;
  logger: Logger;
  state: StateServices;
  /** Where the dialogs read the turn's intent. */
  readIntent: IntentReader;
  /** NLU and other inner middleware. */
  inner?: Middleware[];
  /** The knowledge base and feedback store the FAQ dialog uses (none: no FAQ answers). */
  faq?: Pick<DemoFaq, 'faq' | 'feedback'> & Partial<Pick<DemoFaq, 'assist'>>;
  /** Channels besides web chat (Slack, SMS, voice), as the server's `channels` option. */
  channels?: SwitchboardServerOptions['channels'];
  readiness?: ReadinessCheck[];
  onClose?: () => Promise<void>;
  /** Transcripts (default: in memory); the agent console shows them. */
  transcripts?: TranscriptStore;
  /**
   * Human handoff (escalation queues, agent console at /console/), on by default; `false` leaves
   * the bot alone (the dialogs then say no person is available).
   */
  handoff?:
    | false
    | { directory?: AgentDirectory; assist?: AgentAssist; keyPrefix?: string; now?: () => number };
  /** The audit log (console logins, claims, transcript views, …); none: nothing is recorded. */
  audit?: AuditLog;
  /** Which parts this process starts (`serve --role`); default `all`. */
  role?: SwitchboardServerOptions['role'];
  /** Platform sends with retries (see `SwitchboardServerOptions.outbound`). */
  outbound?: SwitchboardServerOptions['outbound'];
  /**
   * Analytics (events, SQL transcripts, dashboard at /dashboard/), on by default: SQLite under
   * .data/, PostgreSQL when `databaseUrl` is set; `false` turns it off (docs/analytics.md).
   */
  analytics?: false | Partial<Omit<CreateAnalyticsOptions, 'config' | 'logger'>>;
}

/** The Acme Bank demo deployment: the composition root used by `serve`, `chat`, tests and benchmarks. */
export function createDemoServer(options: DemoServerOptions): SwitchboardServer {
  const { config, logger, state } = options;
  // GET /metrics and negative-sentiment surge alerts (docs/monitoring.md).
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
  // Sessions ended by logout, one list for the console and the dashboard (same session tokens).
  const revocations = new SessionRevocations(state, (options.handoff || undefined)?.now);
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
  const handoffOptions =
    options.handoff === false ? undefined : { assist: options.faq?.assist, ...(options.handoff ?? {}) };
  const handoff =
    handoffOptions &&
    createHandoff({
      ...handoffOptions,
      config,
      state,
      logger,
      transcripts,
      directory: handoffOptions.directory ?? loadAgentDirectory(config, logger),
      audit: options.audit,
      revocations,
      dialogs: createHandoffDialogs({ storage: state.storage }),
      // The console's Customer panel (docs/analytics.md, "Customer profile").
      customerProfile: analytics && ((identity) => analytics.profileOfIdentity(identity)),
    });
  if (handoff && analytics) analytics.watchHandoff(handoff.services.service);
  if (handoff) monitoring.watchHandoff(handoff.services.service);
  const monitoringModules = [monitoring.module, ...(alerts ? [alerts.module] : [])];
  // privacy.retentionDays: transcripts and analytics events past their age are swept on a schedule.
  const retention = retentionModule({ config, logger, stores: [transcripts, analytics?.store] });
  // Customer export/erase for admins, beside the console (its session and admin role guard it).
  const customerAdmin = handoff && [
    customerAdminRoutes({
      state,
      stores: [transcripts, analytics?.store],
      handoff: handoff.services,
      requireAdmin: handoff.console.guard('admin'),
      audit: options.audit,
    }),
  ];
  // The Slack agent desk (channels.slack.desk): same handoff service and agents as the console.
  const slackDesk =
    handoff &&
    createSlackDeskFromConfig(config, {
      handoff: handoff.services.service,
      directory: handoff.services.directory,
      transcripts,
      state,
      logger,
    });
  return new SwitchboardServer({
    config,
    logger,
    state,
    transcripts,
    routers: customerAdmin || undefined,
    gate: [...(analytics ? [analytics.middleware] : []), ...(handoff ? [handoff.gate] : [])],
    // Handoff on a phone call (Twilio queue, agent's phone bridged); inert without a voice channel.
    modules: handoff
      ? [
          voiceHandoffModule({
            service: handoff.services.service,
            bus: state.bus,
            agentPhone: (agentId) => handoff.services.directory.phoneOf(agentId),
          }),
          // Before the handoff module: the desk stops before the handoff services close.
          ...(slackDesk ? [slackDesk] : []),
          handoff.module,
          ...(analytics ? [analytics.module] : []),
          ...retention,
          ...monitoringModules,
        ]
      : [...(analytics ? [analytics.module] : []), ...retention, ...monitoringModules],
    outer: [monitoring.turnMiddleware],
    inner: options.inner?.map((m) => (m instanceof NluMiddleware ? monitoring.timeNlu(m) : m)),
    channels: options.channels,
    readiness: options.readiness,
    onClose: options.onClose,
    role: options.role,
    outbound: options.outbound,
    bot: ({ conversationState, userState }) =>
      createAcmeBot({
        conversationState,
        userState,
        readIntent: options.readIntent,
        escalator: handoff?.escalator,
        logger,
        faq: options.faq?.faq,
        feedback: options.faq?.feedback,
        // Greets a returning customer on a new channel with what analytics knows of them.
        profileOf: analytics && ((customerId) => analytics.profileOf(customerId)),
      }),
  });
}
