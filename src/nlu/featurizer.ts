/**
 * Hashed sparse featurizer shared by the intent classifier and the answer retriever.
 *
 * Words come from `Intl.Segmenter` (so Chinese and Japanese are segmented too), lowercased and
 * NFKC-normalised; features are word n-grams plus character n-grams inside each padded word, hashed
 * with FNV-1a (+ a murmur3 finaliser) into a fixed number of buckets. The same options give the same
 * ids on every machine, at training and at inference.
 */
// Math's functions are read once: under Jest every `Math.x` lookup goes through a slow accessor (~150×).
const { imul } = Math;

/** Settings of the {@link Featurizer}; stored in `model.json` so inference featurizes like training. */
export interface FeaturizerOptions {
  /** Number of hash buckets (feature ids are in `[0, buckets)`). */
  buckets: number;
  /** Longest word n-gram (1 = words only, 2 = words + bigrams). */
  wordNgramMax: number;
  /** Shortest character n-gram inside a padded word; 0 disables character n-grams. */
  charNgramMin: number;
  /** Longest character n-gram inside a padded word. */
  charNgramMax: number;
  /** Text beyond this many UTF-16 units is ignored, which bounds the cost of a 10,000-character message. */
  maxChars: number;
  /** Locale given to `Intl.Segmenter`; `und` (root) segments every script the same way everywhere. */
  locale: string;
  /** Hash seed; change it to get an independent hashing of the same text. */
  seed: number;
  /** Add word pairs one word apart (`lost _ card` from "lost my card"). */
  skipBigrams: boolean;
  /** Add the first and the last word marked as such (`^what`, `balance$`). */
  edgeWords: boolean;
}

/** Defaults measured on CLINC150 (see docs/nlu.md). */
export const DEFAULT_FEATURIZER_OPTIONS: FeaturizerOptions = Object.freeze({
  buckets: 1 << 18,
  wordNgramMax: 2,
  charNgramMin: 2,
  charNgramMax: 4,
  maxChars: 4000,
  locale: 'und',
  seed: 0x9747b28c,
  skipBigrams: false,
  edgeWords: false,
});

/** A sparse bag of hashed features: `ids` sorted ascending and unique, `counts` the raw occurrence counts. */
export interface SparseFeatures {
  ids: Int32Array;
  counts: Float32Array;
}

const FNV_PRIME = 16777619;
/** Separator folded into the hash between the words of a word n-gram. */
const WORD_SEPARATOR = 0x20;
/** Separator of a skip bigram's two words, distinct from a plain bigram's. */
const SKIP_SEPARATOR = 0x5f;
/** Markers folded into the first and the last word's hash. */
const FIRST_MARK = 0x5e;
const LAST_MARK = 0x24;
/** Padding code points around a word before its character n-grams (as in fastText). */
const PAD_START = 0x3c; // '<'
const PAD_END = 0x3e; // '>'
/** Distinct hash seeds keep a word "ab" and a character n-gram "ab" apart. */
const WORD_KIND = 0x01;
const CHAR_KIND = 0x02;
const INITIAL_CAPACITY = 256;

/** Murmur3's 32-bit finaliser: spreads FNV's weak low bits before the bucket reduction. */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function validate(options: FeaturizerOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.buckets) || options.buckets < 2 || options.buckets > 2 ** 30) {
    problems.push(`buckets must be an integer in [2, 2^30], got ${options.buckets}`);
  }
  if (!Number.isInteger(options.wordNgramMax) || options.wordNgramMax < 0 || options.wordNgramMax > 4) {
    problems.push(`wordNgramMax must be an integer in [0, 4], got ${options.wordNgramMax}`);
  }
  const { charNgramMin: lo, charNgramMax: hi } = options;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi > 8 || (lo > 0 && hi < lo)) {
    problems.push(`charNgramMin..charNgramMax must be integers with 0 <= min <= max <= 8, got ${lo}..${hi}`);
  }
  if (options.wordNgramMax === 0 && lo === 0)
    problems.push('at least one of word or character n-grams is needed');
  if (!Number.isInteger(options.maxChars) || options.maxChars < 1) {
    problems.push(`maxChars must be a positive integer, got ${options.maxChars}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid featurizer options: ${problems.join('; ')}.`);
}

/**
 * Turns a message into hashed sparse features. Create one per model and reuse it: it keeps its
 * segmenter and scratch buffers (not safe to share across worker threads, which is fine in Node).
 *
 * @example
 * const f = new Featurizer({ buckets: 1 << 16 });
 * const { ids, counts } = f.featurize('I lost my card');
 */
export class Featurizer {
  readonly options: FeaturizerOptions;
  private readonly segmenter: Intl.Segmenter;
  private readonly mask: number;
  private scratch = new Int32Array(INITIAL_CAPACITY);
  private length = 0;
  /** Word hashes of the current message (for word n-grams). */
  private wordHashes: number[] = [];

  constructor(options: Partial<FeaturizerOptions> = {}) {
    const merged: FeaturizerOptions = { ...DEFAULT_FEATURIZER_OPTIONS, ...options };
    validate(merged);
    this.options = Object.freeze(merged);
    this.segmenter = new Intl.Segmenter(merged.locale, { granularity: 'word' });
    const isPowerOfTwo = (merged.buckets & (merged.buckets - 1)) === 0;
    this.mask = isPowerOfTwo ? merged.buckets - 1 : -1;
  }

  /** Lowercased, NFKC-normalised word-like tokens of `text`, as the featurizer sees them. */
  tokenize(text: string): string[] {
    const words: string[] = [];
    for (const seg of this.segmenter.segment(this.normalize(text)))
      if (seg.isWordLike) words.push(seg.segment);
    return words;
  }

  /** Hashed features of `text` with their raw counts (empty for empty or non-word text). */
  featurize(text: string): SparseFeatures {
    this.length = 0;
    this.wordHashes.length = 0;
    const { charNgramMin } = this.options;
    for (const seg of this.segmenter.segment(this.normalize(text))) {
      if (!seg.isWordLike) continue;
      const word = seg.segment;
      this.wordHashes.push(this.hashWord(word));
      if (charNgramMin > 0) this.addCharNgrams(word);
    }
    this.addWordNgrams();
    return this.collect();
  }

  private normalize(text: string): string {
    const clipped = text.length > this.options.maxChars ? text.slice(0, this.options.maxChars) : text;
    return clipped.normalize('NFKC').toLowerCase();
  }

  private hashWord(word: string): number {
    let h = (this.options.seed ^ WORD_KIND) >>> 0;
    for (let i = 0; i < word.length; i++) h = imul(h ^ word.charCodeAt(i), FNV_PRIME);
    return h;
  }

  private addWordNgrams(): void {
    const hashes = this.wordHashes;
    const maxN = this.options.wordNgramMax;
    for (let i = 0; i < hashes.length; i++) {
      let h = hashes[i] as number;
      if (maxN >= 1) this.push(h);
      for (let n = 2; n <= maxN && i + n - 1 < hashes.length; n++) {
        h = imul(h ^ WORD_SEPARATOR, FNV_PRIME);
        h = imul(h ^ (hashes[i + n - 1] as number), FNV_PRIME);
        this.push(h);
      }
    }
    this.addExtraWordFeatures(hashes);
  }

  private addExtraWordFeatures(hashes: number[]): void {
    const { skipBigrams, edgeWords } = this.options;
    if (skipBigrams) {
      for (let i = 0; i + 2 < hashes.length; i++) {
        const h = imul((hashes[i] as number) ^ SKIP_SEPARATOR, FNV_PRIME);
        this.push(imul(h ^ (hashes[i + 2] as number), FNV_PRIME));
      }
    }
    if (edgeWords && hashes.length > 0) {
      this.push(imul((hashes[0] as number) ^ FIRST_MARK, FNV_PRIME));
      this.push(imul((hashes[hashes.length - 1] as number) ^ LAST_MARK, FNV_PRIME));
    }
  }

  /** Character n-grams of `<word>` over UTF-16 units; surrogate pairs are rare enough to not special-case. */
  private addCharNgrams(word: string): void {
    const { charNgramMin: minN, charNgramMax: maxN, seed } = this.options;
    const len = word.length + 2;
    const base = (seed ^ CHAR_KIND) >>> 0;
    for (let start = 0; start < len; start++) {
      let h = base;
      for (let n = 1; n <= maxN && start + n <= len; n++) {
        const pos = start + n - 1;
        const code = pos === 0 ? PAD_START : pos === len - 1 ? PAD_END : word.charCodeAt(pos - 1);
        h = imul(h ^ code, FNV_PRIME);
        // The whole padded word is also covered by word unigrams; skip lone padding characters.
        if (n >= minN && !(n === 1 && (pos === 0 || pos === len - 1))) this.push(h);
      }
    }
  }

  private push(hash: number): void {
    if (this.length === this.scratch.length) {
      const grown = new Int32Array(this.scratch.length * 2);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    const mixed = fmix32(hash);
    this.scratch[this.length++] = this.mask >= 0 ? mixed & this.mask : mixed % this.options.buckets;
  }

  private collect(): SparseFeatures {
    const sorted = this.scratch.subarray(0, this.length).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
    const ids = new Int32Array(unique);
    const counts = new Float32Array(unique);
    let k = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) ids[++k] = sorted[i] as number;
      counts[k] = (counts[k] as number) + 1;
    }
    return { ids, counts };
  }
}
