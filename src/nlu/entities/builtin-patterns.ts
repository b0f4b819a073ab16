/** Built-in pattern extractors: money amounts, numbers, emails and card/account last-4 digits. */
import type { Entity, MoneyValue } from '../types';

const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR' };
const WORDS: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  bucks: 'USD',
  usd: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  eur: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  gbp: 'GBP',
  yen: 'JPY',
  jpy: 'JPY',
  rupees: 'INR',
  inr: 'INR',
  cad: 'CAD',
  aud: 'AUD',
  chf: 'CHF',
};
const CODE_WORDS = Object.keys(WORDS).join('|');
const MONEY_PATTERNS = [
  new RegExp(String.raw`([$€£¥₹])\s?${AMOUNT}(?![\d.,]*\d)`, 'gu'),
  new RegExp(String.raw`\b(usd|eur|gbp|jpy|inr|cad|aud|chf)\s?${AMOUNT}(?![\d.,]*\d)`, 'giu'),
  new RegExp(String.raw`(?<![\w.,])${AMOUNT}\s?(${CODE_WORDS})\b`, 'giu'),
];

function parseAmount(whole: string, cents: string | undefined): number {
  return Number(`${whole.replaceAll(',', '')}${cents === undefined ? '' : `.${cents}`}`);
}

/** Money amounts: `$50`, `€20.50`, `USD 1,200`, `30 dollars`; the currency is an ISO 4217 code. */
export function extractMoney(text: string): Entity[] {
  const found: Entity[] = [];
  MONEY_PATTERNS.forEach((pattern, kind) => {
    for (const m of text.matchAll(pattern)) {
      const [match, a = '', b = '', c] = m;
      const value: MoneyValue =
        kind === 2
          ? {
              amount: parseAmount(a, b === '' ? undefined : b),
              currency: WORDS[(c ?? '').toLowerCase()] ?? null,
            }
          : { amount: parseAmount(b, c), currency: kind === 0 ? (SYMBOLS[a] ?? null) : a.toUpperCase() };
      const start = m.index ?? 0;
      found.push({ type: 'money', text: match, start, end: start + match.length, value, source: 'money' });
    }
  });
  return found;
}

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const NUMBER_PATTERN = /(?<![\w.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])/gu;
const NUMBER_WORD_PATTERN = new RegExp(String.raw`\b(${NUMBER_WORDS.join('|')})\b`, 'giu');

/** Numbers written with digits (`1,200.5`) or as a word from zero to twelve. */
export function extractNumbers(text: string): Entity[] {
  const found: Entity[] = [];
  for (const m of text.matchAll(NUMBER_PATTERN)) {
    const start = m.index ?? 0;
    const value = Number(m[0].replaceAll(',', ''));
    if (Number.isFinite(value))
      found.push({ type: 'number', text: m[0], start, end: start + m[0].length, value, source: 'number' });
  }
  for (const m of text.matchAll(NUMBER_WORD_PATTERN)) {
    const start = m.index ?? 0;
    const value = NUMBER_WORDS.indexOf(m[0].toLowerCase());
    found.push({ type: 'number', text: m[0], start, end: start + m[0].length, value, source: 'number' });
  }
  return found;
}

const EMAIL_PATTERN =
  /(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/gu;

/** Email addresses, lowercased. */
export function extractEmails(text: string): Entity[] {
  return [...text.matchAll(EMAIL_PATTERN)].map((m) => {
    const start = m.index ?? 0;
    return {
      type: 'email',
      text: m[0],
      start,
      end: start + m[0].length,
      value: m[0].toLowerCase(),
      source: 'email',
    };
  });
}

/** Phrases that introduce the last four digits of a card or account; the digits are the capture group. */
const LAST4_PATTERNS = [
  /\b(?:ending|ends)\s+(?:in|with)\s+(\d{4})(?!\d)/giu,
  /\blast\s+(?:4|four)(?:\s+digits?)?(?:\s+(?:is|are|of|being))?\s*:?\s*(\d{4})(?!\d)/giu,
  /(?:\*{2,}|\bx{2,}|•{2,})\s?(\d{4})(?!\d)/giu,
  /\b(?:card|account|acct)\s+(?:no\.?\s+|number\s+|#\s?)?(\d{4})(?!\d)/giu,
];

/** The last four digits of a card or account (`card ending in 4821`, `****4821`). */
export function extractCardLast4(text: string): Entity[] {
  const found: Entity[] = [];
  for (const pattern of LAST4_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const digits = m[1] ?? '';
      const start = (m.index ?? 0) + m[0].length - digits.length;
      found.push({
        type: 'card_last4',
        text: digits,
        start,
        end: start + 4,
        value: digits,
        source: 'card_last4',
      });
    }
  }
  return found;
}
