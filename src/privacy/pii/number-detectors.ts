import { passesIbanCheck, passesLuhn } from './checksums';
import { matchSpans, type PiiDetector, type PiiSpan } from './span';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Country code, check digits, then up to 30 characters, grouped by fours or not; mod-97 confirms.
const IBAN = /\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b/g;
// 13–19 digits, optionally grouped by spaces or dashes; not glued to other digits or letters.
const CARD = /(?<![\w+-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
/** Card networks all issue numbers starting with 2 to 6 (Mastercard 2-series to UnionPay/Maestro 6). */
const CARD_FIRST_DIGIT = /^[2-6]/;
// "account number: 12345678", "cuenta 0049 1234 …", "Kontonummer 1234567890", "sort code 12-34-56".
const BANK_ACCOUNT = new RegExp(
  String.raw`(?:account|acct|a\/c|routing|sort code|cuenta|compte|konto(?:nummer)?|bankleitzahl|blz)` +
    String.raw`(?:\s+(?:number|no\.?|num(?:ber|éro)?|n[º°o]\.?|#))?(?:\s+(?:is|es|est|ist|de|du))?\s*[:#]?\s*` +
    String.raw`(?<value>\d(?:[ -]?\d){5,21})(?![\w-])`,
  'giud',
);

/** Email addresses. */
export const detectEmails: PiiDetector = (text) => matchSpans(text, EMAIL, 'EMAIL');

/**
 * IBANs whose mod-97 check passes. The pattern may run on into the next word ("… 7751 before"),
 * so a failing match is retried without its trailing groups.
 */
export const detectIbans: PiiDetector = (text) => {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(IBAN)) {
    const length = longestValidIban(match[0]);
    const start = match.index ?? 0;
    if (length > 0) spans.push({ kind: 'IBAN', start, end: start + length });
  }
  return spans;
};

/** Length of the longest prefix of `candidate`, cut at a group boundary, that is a valid IBAN; 0 if none. */
function longestValidIban(candidate: string): number {
  let end = candidate.length;
  while (end > 0) {
    if (passesIbanCheck(candidate.slice(0, end))) return end;
    const space = candidate.lastIndexOf(' ', end - 1);
    // Unspaced: only the whole run can be the IBAN.
    if (space <= 0) return 0;
    end = space;
  }
  return 0;
}

/** Payment card numbers: network prefix and Luhn checksum must both fit. */
export const detectCards: PiiDetector = (text) =>
  matchSpans(text, CARD, 'CARD_NUMBER', (value) => {
    const digits = value.replace(/\D/g, '');
    return CARD_FIRST_DIGIT.test(digits) && passesLuhn(digits);
  });

/** Domestic bank account numbers, recognised by the words in front of them. */
export const detectBankAccounts: PiiDetector = (text) => matchSpans(text, BANK_ACCOUNT, 'BANK_ACCOUNT');
