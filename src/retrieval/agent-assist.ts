/**
 * Agent assist: given a customer's message, the best FAQ answers an agent could send, best first,
 * including those below the bot's own threshold (a person judges them). Used by the agent console.
 *
 * @example
 * const assist = new AgentAssist(knowledgeBaseWatcher, { channel: 'sms' });
 * assist.suggestAnswers('how long until my new card arrives?', 3);
 * // [{ entryId: 'card-replacement-time', text: 'New cards arrive in 5–7 business days…', confident: true, … }]
 */
import { parseTemplate, selectVariant } from '../actions/template';
import { TemplateSyntaxError } from '../errors';
import type { AnswerMatch, AnswerSource, RetrieveOptions } from './answer-retriever';

/** One suggested answer. */
export interface AnswerSuggestion {
  entryId: string;
  question: string;
  /** The wording for the channel (slots still as `{slot}`: the agent fills them). */
  text: string;
  /** Slots the agent must fill before sending. */
  slots: readonly string[];
  score: number;
  /** True when the bot itself would have sent this answer (score at or above its threshold). */
  confident: boolean;
  /** The full match (all variants, sub-scores, source entry). */
  match: AnswerMatch;
}

/** Options of {@link AgentAssist}. */
export interface AgentAssistOptions {
  /** Channel of the conversation: picks the answer variant shown. */
  channel?: string;
  /** Language and skill filters passed to the retriever. */
  filter?: Pick<RetrieveOptions, 'language' | 'skill'>;
}

const MAX_SUGGESTIONS = 10;

function slotsOf(text: string): readonly string[] {
  try {
    return parseTemplate(text).slots;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return [];
    throw error;
  }
}

/** Suggests knowledge-base answers to human agents. */
export class AgentAssist {
  private readonly source: AnswerSource;
  private readonly options: AgentAssistOptions;

  constructor(source: AnswerSource, options: AgentAssistOptions = {}) {
    this.source = source;
    this.options = options;
  }

  /** The top `k` answers (1…10, default 3) for `message`; empty for an empty message. */
  suggestAnswers(message: string, k = 3): AnswerSuggestion[] {
    const topK = Math.min(Math.max(1, Math.floor(k)), MAX_SUGGESTIONS);
    const result = this.source.retrieve(message, { ...this.options.filter, topK });
    return result.matches.map((match) => {
      const { text } = selectVariant(match.answer, this.options.channel);
      return {
        entryId: match.entryId,
        question: match.question,
        text,
        slots: slotsOf(text),
        score: match.score,
        confident: match.score >= result.threshold,
        match,
      };
    });
  }
}
