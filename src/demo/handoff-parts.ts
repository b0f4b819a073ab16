import { createSlackDeskFromConfig } from '../../adapters/slack/desk/desk-module';
import { voiceHandoffModule } from '../../adapters/twilio-voice/voice-handoff-module';
import { ACME_INTENT_SKILLS } from '../../dialogs/acme-intent-skills';
import { createHandoffDialogs } from '../../dialogs/handoff/handoff-dialogs';
import { createHandoff, type HandoffWiring } from '../bot/handoff/create-handoff';
import { loadAgentDirectory } from '../console/load-agents';
import { customerAdminRoutes } from '../privacy/customer-admin-routes';
import type { SessionRevocations } from '../security/session-revocations';
import type { ServerModule, SwitchboardServer } from '../server/switchboard-server';
import type { DemoServerOptions } from './demo-server-options';
import type { Observability } from './observability';

/** Human handoff with everything built on it. */
export interface HandoffParts {
  wiring: HandoffWiring;
  /** In shutdown order: voice handoff, Slack desk (before the handoff services close), handoff. */
  modules: Array<(server: SwitchboardServer) => ServerModule>;
  /** Customer export/erase for admins, beside the console (its session and admin role guard it). */
  routers: ReturnType<typeof customerAdminRoutes>[];
}

/**
 * Human handoff (skill queues, agent console) and what builds on it: handoff on a phone call, the
 * Slack agent desk, the admin API to export or erase a customer. Undefined when handoff is off.
 */
export function composeHandoff(
  options: DemoServerOptions,
  observed: Observability,
  revocations: SessionRevocations,
): HandoffParts | undefined {
  if (options.handoff === false) return undefined;
  const { config, logger, state } = options;
  const { analytics, monitoring, transcripts } = observed;
  const given = { assist: options.faq?.assist, ...(options.handoff ?? {}) };
  const escalator = { intentSkills: ACME_INTENT_SKILLS, ...given.escalator };
  const wiring = createHandoff({
    ...given,
    escalator,
    config,
    state,
    logger,
    transcripts,
    directory: given.directory ?? loadAgentDirectory(config, logger),
    audit: options.audit,
    revocations,
    dialogs: createHandoffDialogs({ storage: state.storage }),
    // The console's Customer panel (docs/analytics.md, "Customer profile").
    customerProfile: analytics && ((identity) => analytics.profileOfIdentity(identity)),
  });
  const service = wiring.services.service;
  analytics?.watchHandoff(service);
  monitoring.watchHandoff(service);
  // The Slack agent desk (channels.slack.desk): same handoff service and agents as the console.
  const desk = createSlackDeskFromConfig(config, {
    handoff: service,
    directory: wiring.services.directory,
    transcripts,
    state,
    logger,
  });
  // Handoff on a phone call (Twilio queue, agent's phone bridged); inert without a voice channel.
  const voice = voiceHandoffModule({
    service,
    bus: state.bus,
    agentPhone: (agentId) => wiring.services.directory.phoneOf(agentId),
  });
  const admin = customerAdminRoutes({
    state,
    stores: [transcripts, analytics?.store],
    handoff: wiring.services,
    requireAdmin: wiring.console.guard('admin'),
    audit: options.audit,
  });
  return { wiring, modules: [voice, ...(desk ? [desk] : []), wiring.module], routers: [admin] };
}
