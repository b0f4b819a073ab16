import { createAcmeBot } from '../../dialogs/acme-bot';
import { NluMiddleware } from '../bot/nlu/nlu-middleware';
import { retentionModule } from '../privacy/retention-module';
import { SessionRevocations } from '../security/session-revocations';
import { SwitchboardServer } from '../server/switchboard-server';
import type { DemoServerOptions } from './demo-server-options';
import { composeHandoff } from './handoff-parts';
import { composeObservability } from './observability';

export type { DemoServerOptions } from './demo-server-options';

/**
 * The Acme Bank demo deployment: the composition root used by `serve`, `chat`, tests and
 * benchmarks. Observability (metrics, alerts, analytics) and human handoff (console, voice, Slack
 * desk, admin API) are composed in their own files; this puts them around the bot.
 */
export function createDemoServer(options: DemoServerOptions): SwitchboardServer {
  const { config, logger, state } = options;
  // Sessions ended by logout, one list for the console and the dashboard (same session tokens).
  const revocations = new SessionRevocations(state, (options.handoff || undefined)?.now);
  const observed = composeObservability(options, revocations);
  const { monitoring, alerts, analytics, transcripts } = observed;
  const handoff = composeHandoff(options, observed, revocations);
  // privacy.retentionDays: transcripts and analytics events past their age are swept on a schedule.
  const retention = retentionModule({ config, logger, stores: [transcripts, analytics?.store] });
  return new SwitchboardServer({
    config,
    logger,
    state,
    transcripts,
    routers: handoff?.routers,
    gate: [...(analytics ? [analytics.middleware] : []), ...(handoff ? [handoff.wiring.gate] : [])],
    modules: [
      ...(handoff?.modules ?? []),
      ...(analytics ? [analytics.module] : []),
      ...retention,
      monitoring.module,
      ...(alerts ? [alerts.module] : []),
    ],
    outer: [monitoring.turnMiddleware],
    inner: [
      ...(options.inner ?? []).map((m) => (m instanceof NluMiddleware ? monitoring.timeNlu(m) : m)),
      // After the handoff gate and the NLU: negative sentiment escalates a conversation the bot is
      // serving, to the skill of what the customer asked about (handoff.intentSkills).
      ...(handoff?.wiring.sentimentTrigger ? [handoff.wiring.sentimentTrigger] : []),
    ],
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
        escalator: handoff?.wiring.escalator,
        logger,
        faq: options.faq?.faq,
        feedback: options.faq?.feedback,
        // Greets a returning customer on a new channel with what analytics knows of them.
        profileOf: analytics && ((customerId) => analytics.profileOf(customerId)),
      }),
  });
}
