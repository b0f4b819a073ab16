import type { Choice } from './reply';

const ORDINALS: Record<string, number> = {
  one: 1,
  first: 1,
  two: 2,
  second: 2,
  three: 3,
  third: 3,
  four: 4,
  fourth: 4,
  five: 5,
  fifth: 5,
  six: 6,
  sixth: 6,
  seven: 7,
  seventh: 7,
  eight: 8,
  eighth: 8,
  nine: 9,
  ninth: 9,
};

function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const FILLER = new Set(['the', 'option', 'number', 'press', 'please', 'choice', 'i', 'want', 'pick']);

/**
 * The option number a reply names, if it is only that: "2", "#2", "2.", "option 2", "number two",
 * "the second one" → 2. Used to pick a choice, and to tell "7" with two options from other text.
 */
export function choiceNumberOf(text: string): number | undefined {
  const words = normalize(text)
    .split(' ')
    .filter((w) => w && !FILLER.has(w));
  // "the second one": a trailing "one" after an ordinal is a pronoun, not the number.
  if (words.length === 2 && words[1] === 'one') words.pop();
  if (words.length !== 1) return undefined;
  const word = words[0] as string;
  return /^\d{1,2}$/.test(word) ? Number(word) : ORDINALS[word];
}

/**
 * The choice a customer's reply picks, if any: a number or ordinal (SMS "2", a DTMF digit,
 * spoken "the second one"), or the title, value or a synonym (exactly, or as the only choice
 * whose title contains every word said).
 */
export function matchChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  if (choices.length === 0) return undefined;
  const index = choiceNumberOf(text);
  if (index !== undefined) return choices[index - 1];
  const said = normalize(text);
  if (!said) return undefined;
  const exact = choices.find((c) =>
    [c.title, c.value, ...(c.synonyms ?? [])].some((s) => normalize(s) === said),
  );
  if (exact) return exact;
  const words = said.split(' ');
  const containing = choices.filter((c) => {
    const title = ` ${normalize(c.title)} `;
    return words.every((w) => title.includes(` ${w} `));
  });
  return containing.length === 1 ? containing[0] : undefined;
}
