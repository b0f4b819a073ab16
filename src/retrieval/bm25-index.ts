/**
 * The lexical half of the hybrid retriever: BM25 from MiniSearch over one document per entry (all
 * its phrasings), with the score normalized to [0, 1] so it can be fused and thresholded.
 */
import MiniSearch from 'minisearch';
import { lightStem, toWords } from './text-terms';

/** BM25 parameters (MiniSearch's BM25+: `k` saturation, `b` length normalization, `d` floor). */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** MiniSearch's defaults, which suit short FAQ phrasings well. */
export const DEFAULT_BM25_PARAMS: Bm25Params = Object.freeze({ k: 1.2, b: 0.7, d: 0.5 });

/**
 * Query words found in more than this share of entries are left out of the BM25 query: their IDF is
 * below ln 2 (a rare word's is 5–9), so they barely move scores, yet they match most entries and
 * made MiniSearch 25× slower at 10,000 entries. The n-gram vectors still see them.
 */
const COMMON_TERM_SHARE = 0.5;
/** Below this many entries nothing is pruned (shares are too coarse to call a word common). */
const MIN_ENTRIES_TO_PRUNE = 20;

interface Doc {
  id: number;
  text: string;
}

/** Entry index → normalized BM25 score, for the entries that matched at least one term. */
export type Bm25Scores = Map<number, number>;

/**
 * BM25 over entry documents. Normalization: MiniSearch's score divided by the score the query
 * would get against a document made of exactly its own terms (every term once, average length), so
 * 1 means "every query word found, as strongly as in an exact copy" and unknown words pull it down.
 */
export class Bm25Index {
  private readonly search: MiniSearch<Doc>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly documentCount: number;
  private readonly params: Bm25Params;
  /** Candidate mask for the current query (MiniSearch skips documents boosted by 0). */
  private readonly allowed: Uint8Array;

  constructor(documents: readonly string[], params: Bm25Params = DEFAULT_BM25_PARAMS) {
    this.params = params;
    this.documentCount = documents.length;
    this.allowed = new Uint8Array(documents.length);
    this.search = new MiniSearch<Doc>({
      fields: ['text'],
      tokenize: toWords,
      processTerm: lightStem,
      searchOptions: { bm25: { ...params }, boostDocument: (id: number) => this.allowed[id] ?? 0 },
    });
    this.search.addAll(documents.map((text, id) => ({ id, text })));
    for (const text of documents) {
      for (const term of new Set(toWords(text).map(lightStem))) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }

  /** Normalized scores of the `candidates` (entry indexes) that match `query`. */
  score(query: string, candidates: readonly number[]): Bm25Scores {
    const scores: Bm25Scores = new Map();
    const words = this.informativeWords(query);
    const ceiling = this.selfScore(words);
    if (ceiling <= 0 || candidates.length === 0) return scores;
    for (const index of candidates) this.allowed[index] = 1;
    try {
      for (const result of this.search.search({ combineWith: 'OR', queries: words })) {
        scores.set(result.id as number, Math.min(1, result.score / ceiling));
      }
    } finally {
      for (const index of candidates) this.allowed[index] = 0;
    }
    return scores;
  }

  private frequency(word: string): number {
    return this.documentFrequency.get(lightStem(word)) ?? 0;
  }

  private informativeWords(query: string): string[] {
    const words = toWords(query);
    if (this.documentCount < MIN_ENTRIES_TO_PRUNE) return words;
    const limit = COMMON_TERM_SHARE * this.documentCount;
    return words.filter((word) => this.frequency(word) <= limit);
  }

  /** MiniSearch's score of the words against a document holding each of them once (see class doc). */
  private selfScore(words: readonly string[]): number {
    const distinct = new Set(words.map(lightStem)).size;
    const { d } = this.params;
    let sum = 0;
    for (const word of words) {
      const df = this.frequency(word);
      // MiniSearch's idf; with tf = 1 at average length the BM25 term factor is (d + 1).
      sum += Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5)) * (d + 1);
    }
    return sum * distinct;
  }
}
