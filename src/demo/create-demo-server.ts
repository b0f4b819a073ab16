import type { Middleware } from 'botbuilder-core';
import { createAcmeBot } from '../../dialogs/acme-bot';
import { createHandoffDialogs } from '../../dialogs/handoff/handoff-dialogs';
import type { IntentReader } from '../../dialogs/intent';
import { MemoryTranscriptStore, type TranscriptStore } from '../analytics/transcript-store';
import { createHandoff } from '../bot/handoff/create-handoff';
import type { SwitchboardConfig } from '../config/schema';
import type { AgentAssist } from '../console/console-api';
import { loadAgentDirectory } from '../console/load-agents';
import type { AgentDirectory } from '../handoff/agents';
import type { Logger } from '../logging/logger';
import type { ReadinessCheck } from '../server/readiness';
import { SwitchboardServer, type SwitchboardServerOptions } from '../server/switchboard-server';
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
}

/** The Acme Bank demo deployment: the composition root used by `serve`, `chat`, tests and benchmarks. */
export function createDemoServer(options: DemoServerOptions): SwitchboardServer {
  const { config, logger, state } = options;
  const transcripts = options.transcripts ?? new MemoryTranscriptStore();
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
      dialogs: createHandoffDialogs({ storage: state.storage }),
    });
  return new SwitchboardServer({
    config,
    logger,
    state,
    transcripts,
    gate: handoff ? [handoff.gate] : undefined,
    modules: handoff ? [handoff.module] : undefined,
    inner: options.inner,
    channels: options.channels,
    readiness: options.readiness,
    onClose: options.onClose,
    bot: ({ conversationState, userState }) =>
      createAcmeBot({
        conversationState,
        userState,
        readIntent: options.readIntent,
        escalator: handoff?.escalator,
        logger,
        faq: options.faq?.faq,
        feedback: options.faq?.feedback,
      }),
  });
}
