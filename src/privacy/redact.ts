/**
 * PII redaction: the one function every text passes through before it is logged, stored in a
 * transcript or analytics, or put in a queue job. Dialogs still see the real text during the turn.
 *
 * Redacted values become typed placeholders such as `[CARD_NUMBER]`.
 */

/** Kinds of personal data the redactor recognises. */
export type PiiKind = 'CARD_NUMBER' | 'EMAIL' | 'PHONE' | 'IBAN';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g;
// 13–19 digits, optionally grouped by spaces or dashes; confirmed with the Luhn checksum.
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
// An optional +country code, then 7–15 digits with the separators people type.
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|00)?\d(?:[\s().-]{0,2}\d){6,14}(?!\w)/g;
const MIN_PHONE_DIGITS = 7;

/** True when the digits pass the Luhn checksum used by payment cards. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function replaceCards(text: string): string {
  return text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    return passesLuhn(digits) ? '[CARD_NUMBER]' : match;
  });
}

function replacePhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= MIN_PHONE_DIGITS ? '[PHONE]' : match;
  });
}

/**
 * Replaces personal data in `text` with typed placeholders.
 *
 * @example redactPii('card 4111 1111 1111 1111, mail me at a@b.com') // 'card [CARD_NUMBER], mail me at [EMAIL]'
 */
export function redactPii(text: string): string {
  let out = text.replace(EMAIL, '[EMAIL]');
  out = out.replace(IBAN, '[IBAN]');
  out = replaceCards(out);
  return replacePhones(out);
}
