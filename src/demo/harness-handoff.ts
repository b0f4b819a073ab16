import type { Escalator } from '../../dialogs/escalation';
import { createHandoffDialogs } from '../../dialogs/handoff/handoff-dialogs';
import { HandoffDialogRunner } from '../bot/handoff/handoff-dialog-runner';
import { HandoffEscalator } from '../bot/handoff/handoff-escalator';
import { HandoffGateMiddleware } from '../bot/handoff/handoff-gate';
import type { HarnessHandoff } from '../bot/testing/conversation-harness';
import type { SwitchboardConfig } from '../config/schema';
import { loadAgentDirectory } from '../console/load-agents';
import { createHandoffServices } from '../handoff/create-handoff-services';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';

/** Options of {@link createHarnessHandoff}. */
export interface HarnessHandoffOptions {
  config: SwitchboardConfig;
  /** The harness's state: the handoff shares its storage and bus, as in a deployment. */
  state: StateServices;
  logger: Logger;
}

/** The real handoff of a conversation-test run, and how to stop it. */
export interface HarnessHandoffParts {
  /** For the harness: the gate in the pipeline, and what scripts check with `handoff:`. */
  harness: HarnessHandoff;
  /** For the dialogs (`createAcmeBot({ escalator })`). */
  escalator: Escalator;
  close(): Promise<void>;
}

/**
 * The demo deployment's human handoff for one conversation-test run: the embedded default (memory
 * store, in-process skill queues, the demo agents), the same escalator and gate the server uses
 * (`createHandoff`), without the console. So a script that asks for a person, or accepts the offer
 * of one, is really queued — "you are number 1 in line" — and the bot then stays silent.
 *
 * @example
 * const handoff = createHarnessHandoff({ config, state, logger });
 * ConversationHarness.create({ channel, state, handoff: handoff.harness, onClose: handoff.close,
 *   bot: (ctx) => createAcmeBot({ ...ctx, readIntent, escalator: handoff.escalator }) });
 */
export function createHarnessHandoff(options: HarnessHandoffOptions): HarnessHandoffParts {
  const { config, state, logger } = options;
  const services = createHandoffServices({
    config: config.handoff,
    state,
    directory: loadAgentDirectory(config, logger),
    logger,
  });
  const dialogs = createHandoffDialogs({ storage: state.storage });
  const runner = new HandoffDialogRunner({ storage: state.storage, dialogs });
  return {
    harness: {
      gate: new HandoffGateMiddleware({ handoff: services.service, dialogs: runner }),
      active: async (channelId, conversationId) => {
        const handoff = await services.service.active(channelId, conversationId);
        return handoff && { status: handoff.status, skill: handoff.skill, reason: handoff.reason };
      },
    },
    escalator: new HandoffEscalator({ handoff: services.service, logger }),
    close: () => services.close(),
  };
}
