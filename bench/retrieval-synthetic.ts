/**
 * Deterministic synthetic FAQ entries for the retrieval benchmark at scale.
 *
 * Each synthetic entry has 3 "topic" words (drawn from the middle of the vocabulary's frequency
 * ranking, so they are neither stop words nor hapaxes) and 5 phrasings. A phrasing is its entry's
 * topic words (each kept with probability 0.8) mixed with filler words drawn from the unigram
 * distribution of the source sentences, its length drawn from their length distribution. Entries
 * therefore look like real ones to both indexes: the same word frequencies and lengths, shared
 * function words, and a few words that tell them apart. Same seed, same entries.
 */

import { seededRandom } from '../src/nlu/train/random';
import type { FaqEntry } from '../src/retrieval/knowledge-base';

export { seededRandom };

/** Fisher–Yates shuffle of a copy, with the given generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const TOPIC_WORDS = 3;
const PHRASINGS = 5;
const TOPIC_KEEP_PROBABILITY = 0.8;

interface Vocabulary {
  /** Words repeated by frequency: a uniform pick is a unigram-distribution pick. */
  tokens: string[];
  /** Distinct words ranked by frequency, most frequent first. */
  ranked: string[];
  lengths: number[];
}

function buildVocabulary(sentences: readonly string[]): Vocabulary {
  const counts = new Map<string, number>();
  const tokens: string[] = [];
  const lengths: number[] = [];
  for (const sentence of sentences) {
    const words = sentence.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
    lengths.push(Math.max(3, words.length));
    for (const word of words) {
      tokens.push(word);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([w]) => w);
  return { tokens, ranked, lengths };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function phrasing(topic: readonly string[], vocabulary: Vocabulary, random: () => number): string {
  const words = topic.filter(() => random() < TOPIC_KEEP_PROBABILITY);
  const length = pick(vocabulary.lengths, random);
  while (words.length < length)
    words.splice(Math.floor(random() * (words.length + 1)), 0, pick(vocabulary.tokens, random));
  return words.join(' ');
}

/** `count` synthetic entries with ids `synthetic-0` …, built from the word statistics of `sentences`. */
export function synthesizeEntries(sentences: readonly string[], count: number, seed: number): FaqEntry[] {
  const random = seededRandom(seed);
  const vocabulary = buildVocabulary(sentences);
  // The middle band of the frequency ranking: skip the 100 commonest words and the rare tail.
  const band = vocabulary.ranked.slice(100, Math.max(200, Math.floor(vocabulary.ranked.length * 0.6)));
  const entries: FaqEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; entries.length < count; i++) {
    const topic = Array.from({ length: TOPIC_WORDS }, () => pick(band, random));
    const texts = Array.from({ length: PHRASINGS }, () => phrasing(topic, vocabulary, random)).filter(
      (t) => !seen.has(t),
    );
    if (texts.length < 2) continue;
    for (const t of texts) seen.add(t);
    entries.push({
      id: `synthetic-${i}`,
      question: texts[0] as string,
      alternatives: texts.slice(1),
      answer: { default: `Synthetic answer ${i}.` },
      tags: [],
      source: { file: 'synthetic', line: i + 1 },
    });
  }
  return entries;
}
