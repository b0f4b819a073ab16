import type { Dialog } from 'botbuilder-dialogs';
import type { TranscriptStore } from '../../analytics/transcript-store';
import type { AuditLog } from '../../audit/audit-log';
import type { SwitchboardConfig } from '../../config/schema';
import { AgentConsole } from '../../console/agent-console';
import type { AgentAssist, CustomerProfileLookup } from '../../console/console-api';
import { consoleSessionSecrets } from '../../console/console-session';
import type { AgentDirectory } from '../../handoff/agents';
import { createHandoffServices, type HandoffServices } from '../../handoff/create-handoff-services';
import type { Logger } from '../../logging/logger';
import { SessionRevocations } from '../../security/session-revocations';
import { sharedRateLimits } from '../../security/shared-rate-limits';
import type { ServerModule, SwitchboardServer } from '../../server/switchboard-server';
import type { StateServices } from '../../state/ports';
import { HandoffDialogRunner } from './handoff-dialog-runner';
import { HandoffEscalator, type HandoffEscalatorOptions } from './handoff-escalator';
import { HandoffGateMiddleware } from './handoff-gate';
import { HandoffRelay } from './handoff-relay';
import { SentimentTriggerMiddleware, type SentimentTriggerOptions } from './sentiment-trigger';

/** Options of {@link createHandoff}. */
export interface CreateHandoffOptions {
  config: SwitchboardConfig;
  state: StateServices;
  logger: Logger;
  /** The transcripts the server records (pass the same store to the server's `transcripts`). */
  transcripts: TranscriptStore;
  /** Who may log in to the console. */
  directory: AgentDirectory;
  /** The after-handoff dialogs (`createHandoffDialogs` in dialogs/handoff). */
  dialogs: { resolved: Dialog; expired: Dialog };
  /** Agent assist: suggested answers from the FAQ retriever. */
  assist?: AgentAssist;
  /** The agent console's Customer panel profiles (analytics' `profileOfIdentity`); omitted: none. */
  customerProfile?: CustomerProfileLookup;
  /** Escalator hooks: customer tier, form progress, sentiment. */
  escalator?: Omit<HandoffEscalatorOptions, 'handoff' | 'logger'>;
  /**
   * Negative sentiment as an escalation trigger (thresholds, scorer); `false` turns it off.
   * Default: on, with the analytics scorer and the defaults of `sentiment-trigger.ts`.
   */
  sentimentTrigger?: Omit<SentimentTriggerOptions, 'escalator' | 'storage'> | false;
  /** Where console logins, claims, transfers, resolves and transcript views are recorded. */
  audit?: AuditLog;
  /** Sessions ended by logout (share it with the dashboard); default: on the state services. */
  revocations?: SessionRevocations;
  /** Redis key prefix, as given to the state services; default `config.redisKeyPrefix`. */
  keyPrefix?: string;
  now?: () => number;
}

/** Everything a deployment plugs in for human handoff. */
export interface HandoffWiring {
  services: HandoffServices;
  /** Give to the dialogs (`createAcmeBot({ escalator })`). */
  escalator: HandoffEscalator;
  /** Put in the server's `gate` slot. */
  gate: HandoffGateMiddleware;
  /** Put last in the `inner` slot, after the NLU: negative sentiment escalates (undefined when off). */
  sentimentTrigger?: SentimentTriggerMiddleware;
  console: AgentConsole;
  /** Put in the server's `modules`: relays deliveries, serves the console, starts and stops it all. */
  module: (server: SwitchboardServer) => ServerModule;
}

/**
 * Builds the handoff capability for a server: services (memory/in-process, or Redis/BullMQ when
 * `config.redisUrl` is set), the escalator for the dialogs, the gate middleware, the agent console
 * and the server module that ties them to the server's adapters and lifecycle.
 *
 * @example
 * const handoff = createHandoff({ config, state, logger, transcripts, directory, dialogs: createHandoffDialogs({ storage: state.storage }) });
 * new SwitchboardServer({ ..., transcripts, gate: [handoff.gate], modules: [handoff.module],
 *   bot: (ctx) => createAcmeBot({ ...ctx, readIntent, escalator: handoff.escalator }) });
 */
export function createHandoff(options: CreateHandoffOptions): HandoffWiring {
  const { config, state, logger } = options;
  const services = createHandoffServices({
    config: config.handoff,
    state,
    redisUrl: config.redisUrl,
    keyPrefix: options.keyPrefix ?? config.redisKeyPrefix,
    directory: options.directory,
    logger,
    now: options.now,
  });
  const agentConsole = new AgentConsole({
    service: services.service,
    directory: options.directory,
    presence: services.presence,
    bus: state.bus,
    transcripts: options.transcripts,
    sessionSecrets: consoleSessionSecrets(config.handoff.sessionSecrets, config.webchat.tokenSecrets),
    sessionTtlMs: config.handoff.sessionTtlMs,
    publicBaseUrl: config.server.publicBaseUrl,
    bodyLimitBytes: config.server.bodyLimitBytes,
    assist: options.assist,
    customerProfile: options.customerProfile,
    limits: sharedRateLimits({ config, state }),
    revocations: options.revocations ?? new SessionRevocations(state, options.now),
    audit: options.audit,
    logger,
    now: options.now,
  });
  const runner = new HandoffDialogRunner({ storage: state.storage, dialogs: options.dialogs });
  const escalator = new HandoffEscalator({
    ...options.escalator,
    // The configuration's map over the bot's own (e.g. the demo's forms).
    intentSkills: { ...options.escalator?.intentSkills, ...config.handoff.intentSkills },
    handoff: services.service,
    logger,
  });
  const trigger = options.sentimentTrigger;
  return {
    services,
    escalator,
    gate: new HandoffGateMiddleware({ handoff: services.service, dialogs: runner }),
    ...(trigger !== false && {
      sentimentTrigger: new SentimentTriggerMiddleware({
        now: options.now,
        ...trigger,
        escalator,
        storage: state.storage,
      }),
    }),
    console: agentConsole,
    module: (server) => handoffModule(server, { services, agentConsole, logger }),
  };
}

interface ModuleParts {
  services: HandoffServices;
  agentConsole: AgentConsole;
  logger: Logger;
}

function handoffModule(
  server: SwitchboardServer,
  { services, agentConsole, logger }: ModuleParts,
): ServerModule {
  const relay = new HandoffRelay({
    adapterFor: (channelId) => server.adapterFor(channelId),
    references: server.references,
    logic: server.logic,
    logger,
  });
  const stopRelaying = services.service.on('deliver', (handoff, delivery) =>
    relay.deliver(handoff, delivery),
  );
  let closing: Promise<void> | undefined;
  return {
    routes: () => agentConsole.routes(),
    upgrades: () => agentConsole.upgrades(),
    readiness: () => [{ name: 'handoff', probe: () => services.service.depths().then(() => true) }],
    start: async () => {
      services.service.startPositionUpdates();
      await agentConsole.start();
    },
    workers: () => [
      // Closed with the module (services.close stops the timer worker).
      { name: 'handoff-timers', start: () => services.service.consumeTimers(), close: async () => {} },
    ],
    close: () => {
      closing ??= (async () => {
        await agentConsole.close();
        await relay.drain();
        stopRelaying();
        await services.close();
      })();
      return closing;
    },
  };
}
