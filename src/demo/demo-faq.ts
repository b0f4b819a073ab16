import type { FaqAnswer, FaqLookup, FeedbackRecorder } from '../../dialogs/dialog-services';
import type { SwitchboardConfig } from '../config/schema';
import type { AgentAssist as ConsoleAgentAssist } from '../console/console-api';
import type { Logger } from '../logging/logger';
import { AgentAssist } from '../retrieval/agent-assist';
import type { AnswerSource } from '../retrieval/answer-retriever';
import type { FeedbackStore } from '../retrieval/feedback/feedback-store';
import { MemoryFeedbackStore } from '../retrieval/feedback/memory-feedback-store';
import { SqliteFeedbackStore } from '../retrieval/feedback/sqlite-feedback-store';
import { KnowledgeBaseWatcher } from '../retrieval/knowledge-base-watcher';
import type { ReadinessCheck } from '../server/readiness';

/** The FAQ parts of a deployment, for the dialogs and the server. */
export interface DemoFaq {
  faq: FaqLookup;
  /** Suggested answers for agents in the console (agent assist). */
  assist: ConsoleAgentAssist;
  feedback: FeedbackRecorder;
  readiness: ReadinessCheck[];
  onClose: () => Promise<void>;
}

/** Options of {@link loadDemoFaq}. */
export interface LoadDemoFaqOptions {
  config: SwitchboardConfig;
  logger: Logger;
  /** Keep feedback in memory (tests, chat CLI) instead of the SQLite file `faq unanswered` reads. */
  memoryFeedback?: boolean;
}

/** Adapts a retriever to what the dialogs need: the best answer above the threshold, or none. */
export function faqLookupOf(source: AnswerSource): FaqLookup {
  return {
    lookup(question: string): FaqAnswer | undefined {
      const result = source.retrieve(question, { topK: 1 });
      if (!result.answered) return undefined;
      const { entryId, question: asked, answer, score } = result.best;
      return {
        entryId,
        question: asked,
        score,
        answer: { text: answer.default, sms: answer.sms, voice: answer.voice },
      };
    },
  };
}

/** Agent assist for the console: the top 3 knowledge-base answers to the customer's question. */
export function agentAssistOf(source: AnswerSource): ConsoleAgentAssist {
  const assist = new AgentAssist(source);
  return async (question) =>
    assist.suggestAnswers(question, 3).map((s) => ({ title: s.question, text: s.text, score: s.score }));
}

/** Adapts a feedback store to the dialogs' recorder (the store redacts PII before writing). */
export function feedbackRecorderOf(store: FeedbackStore): FeedbackRecorder {
  return {
    helpful: (entryId, helpful, meta) =>
      store.recordHelpful({ entryId, helpful, channel: meta.channelId, conversationId: meta.conversationId }),
    unanswered: (text, meta) =>
      store.recordUnanswered({ text, channel: meta.channelId, conversationId: meta.conversationId }),
  };
}

/**
 * Loads the knowledge base from `faq.dir` (hot-reloaded on edit) and the feedback store. A broken
 * knowledge base is logged with its code and `/readyz` stays not-ready; the bot still answers.
 */
export async function loadDemoFaq(options: LoadDemoFaqOptions): Promise<DemoFaq> {
  const { config, logger } = options;
  const watcher = new KnowledgeBaseWatcher({ dir: config.faq.dir, logger });
  let ready = true;
  try {
    await watcher.start();
  } catch (error) {
    ready = false;
    logger.error(
      { code: (error as { code?: string }).code, err: error },
      'knowledge base unavailable: not ready',
    );
  }
  const store: FeedbackStore = options.memoryFeedback ? new MemoryFeedbackStore() : new SqliteFeedbackStore();
  return {
    faq: faqLookupOf(watcher),
    assist: agentAssistOf(watcher),
    feedback: feedbackRecorderOf(store),
    readiness: [{ name: 'faq', probe: () => ready }],
    onClose: async () => {
      await watcher.close();
      await store.close();
    },
  };
}
