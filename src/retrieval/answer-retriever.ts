/**
 * The answer retriever: finds the FAQ entries that answer a customer's message, with scores and the
 * source entry id, and says "no answer" below a threshold chosen from data instead of guessing.
 *
 * @example
 * const retriever = AnswerRetriever.create(await loadKnowledgeBase());
 * const result = retriever.retrieve("what's the fee for a wire to Germany?", { topK: 3 });
 * if (result.answered) reply(renderTemplate(result.best.answer, { channel }));
 */
import type { ChannelVariants } from '../actions/template';
import { Featurizer } from '../nlu/featurizer';
import { HybridIndex, type HybridIndexOptions } from './hybrid-index';
import type { FaqEntry, KnowledgeBase } from './knowledge-base';
import { type ChooseThresholdOptions, chooseAnswerThreshold, type ThresholdCalibration } from './threshold';

/** Longer messages are cut to their first 1,000 characters: a question never needs more, and it bounds the cost. */
export const MAX_QUERY_CHARS = 1000;
const DEFAULT_TOP_K = 3;
/** Upper bound of `topK`, so a caller cannot ask for the whole knowledge base per message. */
const MAX_TOP_K = 50;

/** One matching entry. */
export interface AnswerMatch {
  entryId: string;
  question: string;
  /** The answer with its channel variants (a template: render it with `renderTemplate`). */
  answer: Readonly<ChannelVariants>;
  /** Fused score in [0, 1]; compared with the threshold. */
  score: number;
  bm25Score: number;
  vectorScore: number;
  /** The whole entry (tags, skill, language, source file and line). */
  entry: FaqEntry;
}

/** Why the retriever did or did not answer. */
export type RetrievalReason = 'answered' | 'empty-query' | 'no-match' | 'below-threshold';

/** The outcome of {@link AnswerRetriever.retrieve}. */
export type RetrievalResult = {
  /** The best matches, best first, whether or not they pass the threshold (agent assist shows them). */
  matches: AnswerMatch[];
  reason: RetrievalReason;
  threshold: number;
  /** True when the query was cut to {@link MAX_QUERY_CHARS}. */
  truncated: boolean;
} & ({ answered: true; best: AnswerMatch } | { answered: false; best?: undefined });

/** Options of one retrieval. */
export interface RetrieveOptions {
  /** How many matches to return (default 3, at most 50). */
  topK?: number;
  /** Only entries in this language (`en` matches `en-US`); entries without a language always qualify. */
  language?: string;
  /** Only entries of this skill. */
  skill?: string;
}

/** Options of {@link AnswerRetriever.create}. */
export interface AnswerRetrieverOptions extends HybridIndexOptions {
  /** Fixed answer threshold in [0, 1]; when omitted it is chosen from the knowledge base. */
  threshold?: number;
  /** Options of the calibration when no threshold is given. */
  calibration?: Pick<ChooseThresholdOptions, 'negatives' | 'folds' | 'maxQueriesPerFold' | 'outOfScopeShare'>;
}

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

function acceptFor(options: RetrieveOptions): ((entry: FaqEntry) => boolean) | undefined {
  const { language, skill } = options;
  if (language === undefined && skill === undefined) return undefined;
  const wanted = language === undefined ? undefined : primaryLanguage(language);
  return (entry) =>
    (wanted === undefined || entry.language === undefined || primaryLanguage(entry.language) === wanted) &&
    (skill === undefined || entry.skill === skill);
}

/** Anything that answers from a knowledge base: an {@link AnswerRetriever} or the hot-reloading watcher. */
export interface AnswerSource {
  retrieve(query: string, options?: RetrieveOptions): RetrievalResult;
}

/** Retrieves answers from one immutable knowledge base; hot reload swaps whole retrievers. */
export class AnswerRetriever implements AnswerSource {
  readonly calibration: ThresholdCalibration;
  private readonly index: HybridIndex;

  private constructor(index: HybridIndex, calibration: ThresholdCalibration) {
    this.index = index;
    this.calibration = calibration;
  }

  /** Builds the index and, unless `threshold` is given, chooses the threshold from the entries. */
  static create(
    knowledgeBase: KnowledgeBase | readonly FaqEntry[],
    options: AnswerRetrieverOptions = {},
  ): AnswerRetriever {
    const entries = Array.isArray(knowledgeBase) ? knowledgeBase : (knowledgeBase as KnowledgeBase).entries;
    const shared = { ...options, featurizer: options.featurizer ?? new Featurizer() };
    const index = new HybridIndex(entries, shared);
    const calibration: ThresholdCalibration =
      options.threshold === undefined
        ? chooseAnswerThreshold(entries, { ...shared, ...options.calibration })
        : {
            threshold: options.threshold,
            method: 'override',
            positives: 0,
            negatives: 0,
            accuracy: Number.NaN,
          };
    return new AnswerRetriever(index, calibration);
  }

  /** Score at or above which the best match is given as the answer. */
  get threshold(): number {
    return this.calibration.threshold;
  }

  /** Number of entries. */
  get size(): number {
    return this.index.entries.length;
  }

  /** The entries, in knowledge-base order. */
  get entries(): readonly FaqEntry[] {
    return this.index.entries;
  }

  /** Finds the best entries for `query` and decides whether the best one answers it. */
  retrieve(query: string, options: RetrieveOptions = {}): RetrievalResult {
    const truncated = query.length > MAX_QUERY_CHARS;
    const text = (truncated ? query.slice(0, MAX_QUERY_CHARS) : query).trim();
    const base = { threshold: this.threshold, truncated };
    if (text === '') return { ...base, answered: false, matches: [], reason: 'empty-query' };
    const topK = Math.min(Math.max(1, Math.floor(options.topK ?? DEFAULT_TOP_K)), MAX_TOP_K);
    const matches = this.index.search(text, topK, acceptFor(options)).map((scored) => {
      const entry = this.index.entries[scored.index] as FaqEntry;
      const { score, bm25Score, vectorScore } = scored;
      return {
        entryId: entry.id,
        question: entry.question,
        answer: entry.answer,
        score,
        bm25Score,
        vectorScore,
        entry,
      };
    });
    const best = matches[0];
    if (!best) return { ...base, answered: false, matches, reason: 'no-match' };
    if (best.score < this.threshold) return { ...base, answered: false, matches, reason: 'below-threshold' };
    return { ...base, answered: true, best, matches, reason: 'answered' };
  }
}
