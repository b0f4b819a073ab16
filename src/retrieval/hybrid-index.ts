/**
 * Hybrid search over FAQ entries: BM25 (MiniSearch) fused with the cosine of featurizer n-gram
 * vectors by a weighted sum of the two normalized scores. Both parts are in [0, 1], so the fused
 * score is too, and one threshold applies to it (see threshold.ts).
 */
import { Featurizer } from '../nlu/featurizer';
import { Bm25Index, type Bm25Params, DEFAULT_BM25_PARAMS } from './bm25-index';
import { type FaqEntry, phrasingsOf } from './knowledge-base';
import { VectorIndex } from './vector-index';

/** How the hybrid index is built and scores are fused. */
export interface HybridIndexOptions {
  /** The NLU featurizer (one is created with its defaults when omitted). */
  featurizer?: Featurizer;
  /** Weight of the vector cosine in the fused score; BM25 gets `1 - vectorWeight`. */
  vectorWeight?: number;
  bm25?: Bm25Params;
}

/**
 * Default fusion weight. Chosen on CLINC150 *training* sentences held out from a 5-phrasing KB
 * (never on val.jsonl), two seeds and 5 or 10 phrasings: top-1 rose from 68 % (BM25 alone) to 74 %
 * (vectors alone) to 75.7–78 % at 0.8, the best of 0 … 1 in steps of 0.1 (0.7 within 0.5 point).
 */
export const DEFAULT_VECTOR_WEIGHT = 0.8;

/**
 * Entries scored by BM25 per query: the best by n-gram cosine. BM25 only re-scores these, which
 * keeps MiniSearch from materializing thousands of weak matches (63 ms → 2.6 ms per query at
 * 10,000 entries); every word BM25 can match is also a vector feature, so no strong match is lost.
 */
const CANDIDATES = 100;

/** One scored entry. */
export interface ScoredEntry {
  /** Position of the entry in the index's entry list. */
  index: number;
  /** Fused score in [0, 1]. */
  score: number;
  /** Normalized BM25 score in [0, 1]. */
  bm25Score: number;
  /** Cosine of the n-gram vectors in [0, 1]. */
  vectorScore: number;
}

/** The search structures over one set of entries; immutable once built. */
export class HybridIndex {
  readonly entries: readonly FaqEntry[];
  private readonly bm25: Bm25Index;
  private readonly vectors: VectorIndex;
  private readonly vectorWeight: number;
  /** Work array of the candidate selection, reused across queries. */
  private readonly scratch: Float32Array;

  constructor(entries: readonly FaqEntry[], options: HybridIndexOptions = {}) {
    this.entries = entries;
    this.vectorWeight = options.vectorWeight ?? DEFAULT_VECTOR_WEIGHT;
    this.scratch = new Float32Array(entries.length);
    const phrasings = entries.map(phrasingsOf);
    this.bm25 = new Bm25Index(
      phrasings.map((list) => list.join('\n')),
      options.bm25 ?? DEFAULT_BM25_PARAMS,
    );
    this.vectors = new VectorIndex(phrasings, options.featurizer ?? new Featurizer());
  }

  /** The `topK` best entries for `query` among those `accept` lets through, best first. */
  search(query: string, topK: number, accept?: (entry: FaqEntry) => boolean): ScoredEntry[] {
    const cosines = this.vectors.score(query);
    const candidates = this.candidates(cosines, Math.max(topK, CANDIDATES), accept);
    const lexical = this.bm25.score(query, candidates);
    const best: ScoredEntry[] = [];
    for (const index of candidates) {
      const bm25Score = lexical.get(index) ?? 0;
      const vectorScore = Math.min(1, cosines[index] as number);
      const score = this.vectorWeight * vectorScore + (1 - this.vectorWeight) * bm25Score;
      insertTopK(best, { index, score, bm25Score, vectorScore }, topK);
    }
    return best;
  }

  /** The `count` accepted entries with the highest non-zero cosine (all of them when fewer). */
  private candidates(
    cosines: Float32Array,
    count: number,
    accept: ((entry: FaqEntry) => boolean) | undefined,
  ): number[] {
    let values = cosines;
    if (accept) {
      values = cosines.slice();
      for (let i = 0; i < values.length; i++)
        if (values[i] !== 0 && !accept(this.entries[i] as FaqEntry)) values[i] = 0;
    }
    const cutoff = Math.max(kthLargest(values, count, this.scratch), Number.MIN_VALUE);
    const chosen: number[] = [];
    for (let i = 0; i < values.length && chosen.length < count; i++)
      if ((values[i] as number) >= cutoff) chosen.push(i);
    return chosen;
  }
}

/**
 * The k-th largest value (quickselect, O(n)); 0 when there are fewer than k values. `values` is left
 * untouched: the work happens in `scratch` (same length) or in a copy.
 */
export function kthLargest(values: Float32Array, k: number, scratch?: Float32Array): number {
  if (k > values.length || k <= 0) return 0;
  const a = scratch && scratch.length === values.length ? scratch : new Float32Array(values.length);
  a.set(values);
  const target = a.length - k;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target] as number;
}

/** Keeps `list` sorted best-first with at most `k` items; O(k) per insert, and k is small. */
function insertTopK(list: ScoredEntry[], item: ScoredEntry, k: number): void {
  if (k <= 0) return;
  if (list.length === k && (list[k - 1] as ScoredEntry).score >= item.score) return;
  let position = list.length;
  while (position > 0 && (list[position - 1] as ScoredEntry).score < item.score) position--;
  list.splice(position, 0, item);
  if (list.length > k) list.pop();
}
