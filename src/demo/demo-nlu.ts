import type { Middleware } from 'botbuilder-core';
import type { IntentReader } from '../../dialogs/intent';
import { getNluResult, NluMiddleware } from '../bot/nlu/nlu-middleware';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import { ModelRegistry } from '../nlu/model-registry';
import { NluEngine } from '../nlu/nlu-engine';
import type { ReadinessCheck } from '../server/readiness';

/** The NLU parts of a deployment: middleware, how dialogs read its result, readiness, cleanup. */
export interface DemoNlu {
  readIntent: IntentReader;
  inner: Middleware[];
  readiness: ReadinessCheck[];
  onClose: () => Promise<void>;
}

/** Options of {@link loadDemoNlu}. */
export interface LoadDemoNluOptions {
  config: SwitchboardConfig;
  logger: Logger;
  /** Swap in retrained models without a restart (default true; tests and the chat CLI turn it off). */
  watch?: boolean;
  /** The clock entities resolve relative dates against. */
  now?: () => Date;
}

/**
 * Loads the intent model from `nlu.modelDir` (hot-swapped on change) behind the NLU middleware.
 * A missing or corrupt model is logged with its code and `/readyz` stays not-ready; the bot still
 * answers (every message is out of scope until a model loads).
 */
export async function loadDemoNlu(options: LoadDemoNluOptions): Promise<DemoNlu> {
  const { config, logger } = options;
  const registry = new ModelRegistry({
    dir: config.nlu.modelDir,
    threshold: config.nlu.threshold,
    watch: options.watch,
  });
  registry.on('loadFailed', (error) =>
    logger.error({ code: error.code, err: error }, 'NLU model failed to load'),
  );
  try {
    await registry.start();
  } catch (error) {
    logger.error({ code: (error as { code?: string }).code, err: error }, 'NLU model unavailable: not ready');
  }
  const engine = new NluEngine({
    models: registry,
    entities: options.now ? { now: options.now } : undefined,
  });
  return {
    readIntent: (context) => getNluResult(context),
    inner: [new NluMiddleware({ recognizer: engine, logger })],
    readiness: [{ name: 'nlu', probe: () => registry.isReady() }],
    onClose: () => registry.close(),
  };
}
