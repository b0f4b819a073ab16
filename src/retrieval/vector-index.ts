/**
 * The n-gram half of the hybrid retriever: TF-IDF vectors over the NLU featurizer's hashed word and
 * character n-grams, one centroid per entry (the normalized sum of its phrasings' unit vectors),
 * searched through an inverted index. Scores are cosines in [0, 1].
 *
 * Feature ids are hash buckets below `featurizer.options.buckets`, so every per-feature table is a
 * flat typed array indexed by id (no maps): that keeps a 10,000-entry build near one second.
 */
import { ConfigError } from '../errors';
import type { Featurizer, SparseFeatures } from '../nlu/featurizer';

/** Flat per-feature tables cost 4 bytes × buckets each; beyond 2^22 buckets (16 MB) refuse. */
const MAX_BUCKETS = 1 << 22;
/**
 * In large knowledge bases, features found in more than half of the entries (`e>`, `<th`, "the")
 * are dropped from both sides of the cosine: their IDF is the lowest, yet their postings span most
 * entries. At 10,000 entries this cuts vector scoring 3.5× (2.0 → 0.57 ms CPU per query); on a
 * 150-entry KB it would cost ~0.5 point of top-1 for no visible gain, hence the size condition.
 */
const COMMON_FEATURE_SHARE = 0.5;
const PRUNE_FROM_ENTRIES = 2000;

/** Sublinear term frequency: a word said twice is not twice as telling. */
function tf(count: number): number {
  return 1 + Math.log(count);
}

/** Smoothed IDF (as scikit-learn's), always ≥ 1 so that common n-grams still count a little. */
function idf(documents: number, documentFrequency: number): number {
  return Math.log((documents + 1) / (documentFrequency + 1)) + 1;
}

/** A preallocated list of (feature, entry, weight) triples, in entry order. */
class Triples {
  features: Int32Array;
  entries: Int32Array;
  weights: Float32Array;
  length = 0;

  constructor(capacity: number) {
    this.features = new Int32Array(Math.max(16, capacity));
    this.entries = new Int32Array(Math.max(16, capacity));
    this.weights = new Float32Array(Math.max(16, capacity));
  }

  /** Appends a triple; the capacity given at construction is an upper bound, so it never grows. */
  push(feature: number, entry: number, weight: number): void {
    this.features[this.length] = feature;
    this.entries[this.length] = entry;
    this.weights[this.length++] = weight;
  }
}

/**
 * IDF is computed over entries (not phrasings): a feature in every phrasing of one entry is exactly
 * what identifies that entry, and should not be discounted for it.
 */
export class VectorIndex {
  private readonly featurizer: Featurizer;
  private readonly entryCount: number;
  private readonly idfs: Float32Array;
  /** CSR postings: entries and weights of feature f are at offsets[f] … offsets[f + 1]. */
  private readonly offsets: Int32Array;
  private readonly postingEntries: Int32Array;
  private readonly postingWeights: Float32Array;
  private readonly scores: Float32Array;

  constructor(phrasingsByEntry: readonly (readonly string[])[], featurizer: Featurizer) {
    const buckets = featurizer.options.buckets;
    if (buckets > MAX_BUCKETS) {
      throw new ConfigError(
        `The retriever's featurizer has ${buckets} buckets; use at most ${MAX_BUCKETS} (2^22).`,
      );
    }
    this.featurizer = featurizer;
    this.entryCount = phrasingsByEntry.length;
    this.scores = new Float32Array(this.entryCount);
    const features = phrasingsByEntry.map((phrasings) => phrasings.map((text) => featurizer.featurize(text)));
    this.idfs = this.computeIdf(features, buckets);
    // Σ of phrasing feature counts bounds the centroids' size: one allocation, no growth.
    const capacity = features.reduce((sum, list) => sum + list.reduce((n, f) => n + f.ids.length, 0), 0);
    const triples = new Triples(capacity);
    const scratch = new Float64Array(buckets);
    features.forEach((entryFeatures, entry) => {
      this.addCentroid(entryFeatures, entry, scratch, triples);
    });
    this.offsets = new Int32Array(buckets + 1);
    for (let i = 0; i < triples.length; i++) {
      const slot = (triples.features[i] as number) + 1;
      this.offsets[slot] = (this.offsets[slot] as number) + 1;
    }
    for (let f = 0; f < buckets; f++)
      this.offsets[f + 1] = (this.offsets[f + 1] as number) + (this.offsets[f] as number);
    this.postingEntries = new Int32Array(triples.length);
    this.postingWeights = new Float32Array(triples.length);
    const cursor = this.offsets.slice(0, buckets);
    for (let i = 0; i < triples.length; i++) {
      const feature = triples.features[i] as number;
      const at = cursor[feature] as number;
      cursor[feature] = at + 1;
      this.postingEntries[at] = triples.entries[i] as number;
      this.postingWeights[at] = triples.weights[i] as number;
    }
  }

  /**
   * Cosine of the query with every entry centroid, by entry index (0 when nothing is shared). The
   * array is reused by the next call (one allocation per index, not per query, keeps GC pauses out
   * of the p99).
   */
  score(query: string): Float32Array {
    const scores = this.scores.fill(0);
    const { ids, counts } = this.featurizer.featurize(query);
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      // Features no entry has keep their full IDF in the norm: unknown words make a query less similar.
      const weight = tf(counts[i] as number) * (this.idfs[ids[i] as number] as number);
      norm += weight * weight;
    }
    if (norm === 0) return scores;
    const inverseNorm = 1 / Math.sqrt(norm);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const start = this.offsets[id] as number;
      const end = this.offsets[id + 1] as number;
      if (start === end) continue;
      const weight = tf(counts[i] as number) * (this.idfs[id] as number) * inverseNorm;
      for (let p = start; p < end; p++) {
        const entry = this.postingEntries[p] as number;
        scores[entry] = (scores[entry] as number) + weight * (this.postingWeights[p] as number);
      }
    }
    return scores;
  }

  private computeIdf(features: readonly (readonly SparseFeatures[])[], buckets: number): Float32Array {
    const frequency = new Int32Array(buckets);
    const lastEntry = new Int32Array(buckets).fill(-1);
    features.forEach((entryFeatures, entry) => {
      for (const { ids } of entryFeatures) {
        for (const id of ids) {
          if (lastEntry[id] === entry) continue;
          lastEntry[id] = entry;
          frequency[id] = (frequency[id] as number) + 1;
        }
      }
    });
    const idfs = new Float32Array(buckets);
    const limit =
      this.entryCount >= PRUNE_FROM_ENTRIES
        ? COMMON_FEATURE_SHARE * this.entryCount
        : Number.POSITIVE_INFINITY;
    for (let id = 0; id < buckets; id++) {
      const df = frequency[id] as number;
      idfs[id] = df > limit ? 0 : idf(this.entryCount, df);
    }
    return idfs;
  }

  /** Adds the unit centroid of one entry's phrasing vectors to `triples`, using `scratch` (left zeroed). */
  private addCentroid(
    entryFeatures: readonly SparseFeatures[],
    entry: number,
    scratch: Float64Array,
    triples: Triples,
  ): void {
    const touched: number[] = [];
    for (const { ids, counts } of entryFeatures) {
      let norm = 0;
      for (let i = 0; i < ids.length; i++)
        norm += (tf(counts[i] as number) * (this.idfs[ids[i] as number] as number)) ** 2;
      const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        if (this.idfs[id] === 0) continue;
        if (scratch[id] === 0) touched.push(id);
        scratch[id] = (scratch[id] as number) + tf(counts[i] as number) * (this.idfs[id] as number) * inverse;
      }
    }
    let norm = 0;
    for (const id of touched) norm += (scratch[id] as number) ** 2;
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const id of touched) {
      triples.push(id, entry, (scratch[id] as number) * inverse);
      scratch[id] = 0;
    }
  }
}
