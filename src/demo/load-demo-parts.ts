import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { DemoServerOptions } from './create-demo-server';
import { loadDemoFaq } from './demo-faq';
import { loadDemoNlu } from './demo-nlu';

/** Options of {@link loadDemoParts}. */
export interface LoadDemoPartsOptions {
  config: SwitchboardConfig;
  logger: Logger;
  /** Swap retrained models and edited FAQ files in without a restart (default true). */
  watch?: boolean;
  /** Keep FAQ feedback in memory instead of the SQLite file `faq unanswered` reads. */
  memoryFeedback?: boolean;
}

/** The demo's NLU and FAQ, ready to spread into `createDemoServer` options. */
export type DemoParts = Pick<DemoServerOptions, 'readIntent' | 'inner' | 'faq' | 'readiness' | 'onClose'>;

/** Loads the intent model and the knowledge base the demo server runs on (`serve` and `chat`). */
export async function loadDemoParts(options: LoadDemoPartsOptions): Promise<DemoParts> {
  const nlu = await loadDemoNlu({ config: options.config, logger: options.logger, watch: options.watch });
  const faq = await loadDemoFaq({ ...options });
  return {
    readIntent: nlu.readIntent,
    inner: nlu.inner,
    faq,
    readiness: [...nlu.readiness, ...faq.readiness],
    onClose: async () => {
      await nlu.onClose();
      await faq.onClose();
    },
  };
}
