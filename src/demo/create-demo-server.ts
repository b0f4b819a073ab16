import type { Middleware } from 'botbuilder-core';
import { createAcmeBot } from '../../dialogs/acme-bot';
import type { IntentReader } from '../../dialogs/intent';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { ReadinessCheck } from '../server/readiness';
import { SwitchboardServer } from '../server/switchboard-server';
import type { StateServices } from '../state/ports';

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  config: SwitchboardConfig;
  logger: Logger;
  state: StateServices;
  /** Where the dialogs read the turn's intent. */
  readIntent: IntentReader;
  /** NLU and other inner middleware. */
  inner?: Middleware[];
  readiness?: ReadinessCheck[];
  onClose?: () => Promise<void>;
}

/** The Acme Bank demo deployment: the composition root used by `serve`, `chat`, tests and benchmarks. */
export function createDemoServer(options: DemoServerOptions): SwitchboardServer {
  return new SwitchboardServer({
    config: options.config,
    logger: options.logger,
    state: options.state,
    inner: options.inner,
    readiness: options.readiness,
    onClose: options.onClose,
    bot: ({ conversationState, userState }) =>
      createAcmeBot({ conversationState, userState, readIntent: options.readIntent }),
  });
}
