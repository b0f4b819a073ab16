import type { Middleware } from 'botbuilder-core';
import type { IntentReader } from '../../dialogs/intent';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { ReadinessCheck } from '../server/readiness';

/** The NLU parts of a deployment: middleware, how dialogs read its result, readiness, cleanup. */
export interface DemoNlu {
  readIntent: IntentReader;
  inner: Middleware[];
  readiness: ReadinessCheck[];
  onClose: () => Promise<void>;
}

/** Loads the demo bot's NLU (placeholder until the ONNX recognizer is wired in). */
export async function loadDemoNlu(_options: { config: SwitchboardConfig; logger: Logger }): Promise<DemoNlu> {
  return { readIntent: () => undefined, inner: [], readiness: [], onClose: async () => {} };
}
