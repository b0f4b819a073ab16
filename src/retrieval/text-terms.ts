/**
 * Word terms for the BM25 index: lowercased words with a light English suffix strip, so that
 * "fees"/"fee" and "charged"/"charge" meet. Character n-grams (the vector side) cover the rest of
 * morphology and other languages; this strip is deliberately tiny and harmless elsewhere.
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Strips the commonest English inflections from a lowercased word of 4+ letters. */
export function lightStem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("'s") || word.endsWith('’s')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** The lowercased words of `text`, in order (duplicates kept); MiniSearch's tokenizer. */
export function toWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}
