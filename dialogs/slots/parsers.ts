import { extractDateTimes, extractPhoneNumbers } from '../../src/nlu/entities/builtin-datetime-phone';
import { extractMoney, extractNumbers } from '../../src/nlu/entities/builtin-patterns';
import type { DateTimeValue, MoneyValue } from '../../src/nlu/types';
import type { SlotParse } from '../slot-dialog';

/** Longest free-text slot answer kept (a merchant name, an address line). */
export const MAX_FREE_TEXT_CHARS = 80;
/** The largest dispute the bot opens by itself; larger ones go to a person. */
export const MAX_DISPUTE_AMOUNT = 10_000;

/** A card the customer can pick. */
export interface CardOption {
  last4: string;
  type: string;
}

/** Reads which card: "4821", "the debit one", "ending in 9034", or a picked choice's value. */
export function parseCard(text: string, cards: readonly CardOption[]): SlotParse<string> {
  const digits: string[] = text.match(/\b\d{4}\b/g) ?? [];
  const byDigits = cards.find((c) => digits.includes(c.last4));
  if (byDigits) return { ok: true, value: byDigits.last4 };
  if (digits.length > 0) {
    return {
      ok: false,
      reprompt: `I can't find a card ending in ${digits[0]} on your account. ${cardList(cards)}`,
    };
  }
  const byType = cards.filter((c) => new RegExp(`\\b${c.type}\\b`, 'i').test(text));
  if (byType.length === 1) return { ok: true, value: (byType[0] as CardOption).last4 };
  return { ok: false, reprompt: `Which card is it? ${cardList(cards)}` };
}

function cardList(cards: readonly CardOption[]): string {
  return `Your cards end in ${cards.map((c) => c.last4).join(' and ')}: tell me the last 4 digits.`;
}

/** Reads an amount of money: "$42.10", "42.10", "42 dollars". */
export function parseAmount(text: string): SlotParse<MoneyValue> {
  const money = extractMoney(text)[0]?.value as MoneyValue | undefined;
  const amount = money?.amount ?? (extractNumbers(text)[0]?.value as number | undefined);
  if (amount === undefined || !Number.isFinite(amount)) {
    return { ok: false, reprompt: 'How much was the charge? Please give the amount, like 42.10.' };
  }
  if (amount <= 0)
    return { ok: false, reprompt: 'The amount must be more than zero. How much was the charge?' };
  if (amount > MAX_DISPUTE_AMOUNT) {
    return {
      ok: false,
      reprompt: `I can only open disputes up to $${MAX_DISPUTE_AMOUNT} here. What was the amount?`,
    };
  }
  return { ok: true, value: { amount: Math.round(amount * 100) / 100, currency: money?.currency ?? 'USD' } };
}

/** Reads a past date: "last Tuesday", "March 3", "yesterday"; refuses future dates. */
export function parsePastDate(text: string, now: Date): SlotParse<string> {
  const found = extractDateTimes(text, { referenceDate: now, timezone: 0, defaultRegion: 'US' })[0];
  if (!found)
    return { ok: false, reprompt: 'When was the charge? You can say "last Tuesday" or a date like March 3.' };
  const iso = (found.value as DateTimeValue).start.slice(0, 10);
  if (iso > now.toISOString().slice(0, 10)) {
    return { ok: false, reprompt: `${iso} is in the future. When did the charge happen?` };
  }
  return { ok: true, value: iso };
}

/** Reads a short free-text answer (merchant, street): not empty, not too long, some letters. */
export function parseFreeText(text: string, what: string): SlotParse<string> {
  const value = text.replace(/\s+/g, ' ').trim();
  if (value.length === 0 || !/\p{L}/u.test(value))
    return { ok: false, reprompt: `Please tell me the ${what}.` };
  if (value.length > MAX_FREE_TEXT_CHARS) {
    return {
      ok: false,
      reprompt: `That's a bit long: please give the ${what} in ${MAX_FREE_TEXT_CHARS} characters or fewer.`,
    };
  }
  return { ok: true, value };
}

/** Reads a phone number (E.164 out). */
export function parsePhone(text: string): SlotParse<string> {
  const found = extractPhoneNumbers(text, {
    referenceDate: new Date(0),
    timezone: 0,
    defaultRegion: 'US',
  })[0];
  if (!found)
    return {
      ok: false,
      reprompt: "That doesn't look like a phone number. Please type it with the area code.",
    };
  return { ok: true, value: String(found.value) };
}

/** Reads a six-digit one-time code ("123 456" accepted). */
export function parseCode(text: string): SlotParse<string> {
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(digits)) return { ok: true, value: digits };
  return { ok: false, reprompt: 'The code has 6 digits. Please type it exactly as you received it.' };
}

/** Reads a US ZIP code (5 digits, optional +4). */
export function parseZip(text: string): SlotParse<string> {
  const match = /\b(\d{5})(?:-\d{4})?\b/.exec(text);
  if (!match) return { ok: false, reprompt: 'Please give a 5-digit ZIP code, like 62701.' };
  return { ok: true, value: match[1] as string };
}

/** Reads a US state as its 2-letter code ("IL", "il"). */
export function parseState(text: string): SlotParse<string> {
  const code = text.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code)) return { ok: true, value: code };
  return { ok: false, reprompt: 'Please give the 2-letter state code, like IL or NY.' };
}
