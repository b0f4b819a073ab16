/** A token of a message: a word or emoji, lower-cased, or a clause boundary. */
export type SentimentToken = { kind: 'word'; text: string } | { kind: 'boundary' };

/** Punctuation that ends a clause, and with it the reach of a negation. */
const CLAUSE_END = /^[.,;:!?¡¿…]+$/;
/** French, Italian and Catalan elision (`l'arnaque` → `arnaque`, `c'est` → `est`). */
const ELISION = /^(?:[cdjlmnst]|qu)['’](?=\p{L})/u;
const ELIDING_LANGUAGES = new Set(['fr', 'it', 'ca']);
/** Segments that are neither words nor punctuation but carry sentiment (emoji). */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** A hyphen inside a word is dropped, as multilang-sentiment does: `rip-off` → `ripoff`. */
const INNER_HYPHEN = /(?<=\p{L})-(?=\p{L})/gu;

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Splits a message into words, emoji and clause boundaries with `Intl.Segmenter` (ICU word
 * boundaries, so Chinese, Japanese and Thai are split too).
 */
export function tokenize(text: string, language: string): SentimentToken[] {
  const tokens: SentimentToken[] = [];
  const normalised = text.toLowerCase().replace(INNER_HYPHEN, '');
  for (const { segment, isWordLike } of segmenterFor(language).segment(normalised)) {
    if (isWordLike) tokens.push({ kind: 'word', text: stripElision(segment, language) });
    else if (PICTOGRAPH.test(segment)) tokens.push({ kind: 'word', text: segment });
    else if (CLAUSE_END.test(segment)) tokens.push({ kind: 'boundary' });
  }
  return tokens;
}

function stripElision(word: string, language: string): string {
  return ELIDING_LANGUAGES.has(language) ? word.replace(ELISION, '') : word;
}

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language.replace('zh-tw', 'zh-TW').replace('iw', 'he'), {
      granularity: 'word',
    });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}
