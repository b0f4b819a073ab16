/**
 * Builds the vocabulary (hash bucket → embedding row) and idf from training texts, and encodes texts as a
 * compressed sparse row matrix of final input weights, exactly as {@link inputWeights} computes them.
 */
import type { Featurizer, SparseFeatures } from '../featurizer';
import { inputWeights, sublinearTf } from '../model/network';

/** Vocabulary rows and idf; row 0 is the unknown-feature row. */
export interface Vocabulary {
  buckets: number;
  /** Bucket id → row; size `buckets + 1` (the last entry is the padding id fed for empty messages). */
  remap: Int32Array;
  idf: Float32Array;
  rows: number;
}

/** Messages as a CSR matrix over vocabulary rows, with final (normalised tf-idf) weights. */
export interface EncodedSet {
  /** `offsets[i]..offsets[i+1]` index the features of message `i`. */
  offsets: Int32Array;
  rows: Int32Array;
  values: Float32Array;
  /** Class index of each message. */
  labels: Int32Array;
  size: number;
}

/** Builds the vocabulary from featurized training messages: every bucket seen at least `minCount` times. */
export function buildVocabulary(features: SparseFeatures[], buckets: number, minCount = 1): Vocabulary {
  const df = new Int32Array(buckets);
  for (const f of features) for (const id of f.ids) df[id] = (df[id] as number) + 1;
  const remap = new Int32Array(buckets + 1);
  let rows = 1;
  for (let id = 0; id < buckets; id++) if ((df[id] as number) >= minCount) remap[id] = rows++;
  const idf = new Float32Array(rows);
  const n = features.length;
  // Unknown features weigh like the rarest possible feature: they dilute the bag without adding to it.
  idf[0] = Math.log(n + 1) + 1;
  for (let id = 0; id < buckets; id++) {
    const row = remap[id] as number;
    if (row > 0) idf[row] = Math.log((n + 1) / ((df[id] as number) + 1)) + 1;
  }
  return { buckets, remap, idf, rows };
}

/** Featurizes every text once (the slow part of encoding), in order. */
export function featurizeAll(featurizer: Featurizer, texts: readonly string[]): SparseFeatures[] {
  return texts.map((text) => featurizer.featurize(text));
}

/** A typed array on shared memory, so worker threads read it without a copy. */
function sharedArray<T extends Int32Array | Float32Array>(
  Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Kind(new SharedArrayBuffer(length * Kind.BYTES_PER_ELEMENT));
}

/**
 * Encodes featurized messages with their class indices against a vocabulary. The arrays live on shared
 * memory: every training job of a group reads the same copy.
 */
export function encode(vocab: Vocabulary, features: SparseFeatures[], labels: ArrayLike<number>): EncodedSet {
  const offsets = sharedArray(Int32Array, features.length + 1);
  let total = 0;
  features.forEach((f, i) => {
    total += f.ids.length;
    offsets[i + 1] = total;
  });
  const rows = sharedArray(Int32Array, total);
  const values = sharedArray(Float32Array, total);
  features.forEach((f, i) => {
    const input = inputWeights(vocab, f.ids, sublinearTf(f.counts));
    rows.set(input.rows, offsets[i]);
    values.set(input.values, offsets[i]);
  });
  const labelArray = sharedArray(Int32Array, features.length);
  labelArray.set(Array.from(labels));
  return { offsets, rows, values, labels: labelArray, size: features.length };
}
