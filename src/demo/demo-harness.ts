import { createAcmeActions, createAcmeBot } from '../../dialogs/acme-bot';
import { FakeAcmeBank } from '../actions/acme-backend';
import { ConversationHarness } from '../bot/testing/conversation-harness';
import type { HarnessFactory } from '../bot/testing/conversation-runner';
import { loadConfig } from '../config/load-config';
import { createSilentLogger } from '../logging/logger';
import { AnswerRetriever } from '../retrieval/answer-retriever';
import { MemoryFeedbackStore } from '../retrieval/feedback/memory-feedback-store';
import { loadKnowledgeBase } from '../retrieval/knowledge-base-loader';
import { createStateServices } from '../state/state-services';
import { faqLookupOf, feedbackRecorderOf } from './demo-faq';
import { type DemoNlu, loadDemoNlu } from './demo-nlu';
import { createHarnessHandoff } from './harness-handoff';

/** The clock of scripts that set none: a fixed Wednesday, so "last Tuesday" is stable. */
export const DEFAULT_SCRIPT_NOW = '2025-03-05T15:00:00.000Z';

/** A harness factory for the demo bot, with its NLU model loaded once; close it when done. */
export interface DemoHarnessFactory {
  create: HarnessFactory;
  close(): Promise<void>;
}

/**
 * Builds harnesses of the Acme Bank demo bot: the real NLU model (`modelDir`), a fresh fake bank and
 * a fresh embedded human handoff (skill queues, gate) per run on the script's clock, and
 * `{{otp:<customerId>}}` expanded to the code the bank just sent.
 */
export async function createDemoHarnessFactory(
  options: { modelDir?: string } = {},
): Promise<DemoHarnessFactory> {
  const logger = createSilentLogger();
  const config = loadConfig({
    env: {},
    overrides: { nlu: options.modelDir ? { modelDir: options.modelDir } : {} },
  });
  const nlu: DemoNlu = await loadDemoNlu({ config, logger, watch: false });
  const retriever = AnswerRetriever.create(await loadKnowledgeBase({ dir: config.faq.dir }));
  const faq = faqLookupOf(retriever);
  const create: HarnessFactory = (channel, script) => {
    const now = new Date(script.now ?? DEFAULT_SCRIPT_NOW);
    const bank = new FakeAcmeBank({ now: () => now });
    const state = createStateServices({});
    const handoff = createHarnessHandoff({ config, state, logger });
    return ConversationHarness.create({
      channel,
      profile: script.profile,
      caller: script.caller,
      state,
      handoff: handoff.harness,
      onClose: handoff.close,
      inner: nlu.inner,
      bot: (ctx) =>
        createAcmeBot({
          ...ctx,
          readIntent: nlu.readIntent,
          escalator: handoff.escalator,
          actions: createAcmeActions(logger, bank),
          now: () => now,
          faq,
          feedback: feedbackRecorderOf(new MemoryFeedbackStore()),
        }),
      expand: (text) =>
        text.replace(/\{\{otp:([\w-]+)\}\}/g, (_m, id: string) => bank.peekOneTimeCode(id) ?? '000000'),
    });
  };
  return { create, close: nlu.onClose };
}
