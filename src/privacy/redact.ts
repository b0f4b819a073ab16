/**
 * PII redaction: the one function every text passes through before it is logged, stored in a
 * transcript or analytics, or put in a queue job. Dialogs still see the real text during the turn.
 *
 * Redacted values become typed placeholders such as `[CARD_NUMBER]`; see docs/security.md.
 */
import { DEFAULT_NATIONAL_ID_FORMATS, type NationalIdFormat, nationalIdDetector } from './pii/national-ids';
import { detectBankAccounts, detectCards, detectEmails, detectIbans } from './pii/number-detectors';
import { detectPhones } from './pii/phone-detector';
import type { PiiDetector, PiiKind, PiiSpan } from './pii/span';
import { detectAddresses, detectOneTimeCodes } from './pii/text-detectors';

export { passesIbanCheck, passesLuhn } from './pii/checksums';
export { DEFAULT_NATIONAL_ID_FORMATS, type NationalIdFormat } from './pii/national-ids';
export type { PiiKind, PiiSpan } from './pii/span';

/** Options of {@link PiiRedactor}. */
export interface PiiRedactorOptions {
  /** National id formats to recognise; default {@link DEFAULT_NATIONAL_ID_FORMATS}. */
  nationalIds?: readonly NationalIdFormat[];
}

/**
 * A detector with the cheap preconditions of a match: how many ASCII digits its pattern needs at
 * the least (`\d` is ASCII-only in JavaScript, with or without `u`), and whether it needs `@`.
 * Most chat messages have neither, and skip the regular expressions entirely.
 */
interface GuardedDetector {
  detect: PiiDetector;
  minDigits: number;
  needsAt?: boolean;
}

/** The ASCII digits in `text`. */
function digitCount(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

/** Texts longer than this are redacted in slices, so one huge message cannot stall the process. */
const MAX_SCAN_CHARS = 20_000;

/**
 * Finds and replaces personal data. Detectors run on the original text in priority order (a
 * checksum-confirmed IBAN or card beats a phone-shaped reading of the same digits); overlapping
 * lower-priority matches are dropped.
 *
 * @example new PiiRedactor({ nationalIds: [{ name: 'fr-nir', pattern: /\b[12]\d{14}\b/g }] }).redact(text)
 */
export class PiiRedactor {
  private readonly detectors: readonly GuardedDetector[];

  constructor(options: PiiRedactorOptions = {}) {
    // Custom national id formats may match without a digit; the built-in ones need 6 at least.
    const nationalIds = options.nationalIds ?? DEFAULT_NATIONAL_ID_FORMATS;
    // The least digits each pattern matches: IBAN check digits 2, card 13, SSN 9 / NINO 6 / DNI 7,
    // account 6, one-time code 4, phone 7 (also its MIN_DIGITS), house number 1.
    this.detectors = [
      { detect: detectEmails, minDigits: 0, needsAt: true },
      { detect: detectIbans, minDigits: 2 },
      { detect: detectCards, minDigits: 13 },
      { detect: nationalIdDetector(nationalIds), minDigits: options.nationalIds ? 0 : 6 },
      { detect: detectBankAccounts, minDigits: 6 },
      { detect: detectOneTimeCodes, minDigits: 4 },
      { detect: detectPhones, minDigits: 7 },
      { detect: detectAddresses, minDigits: 1 },
    ];
  }

  /** The personal data in `text`, non-overlapping, in text order. */
  find(text: string): PiiSpan[] {
    const chosen: PiiSpan[] = [];
    const digits = digitCount(text);
    const hasAt = text.includes('@');
    for (const { detect, minDigits, needsAt } of this.detectors) {
      if (digits < minDigits || (needsAt && !hasAt)) continue;
      for (const span of detect(text)) {
        if (!chosen.some((c) => span.start < c.end && c.start < span.end)) chosen.push(span);
      }
    }
    return chosen.sort((a, b) => a.start - b.start);
  }

  /** `text` with every piece of personal data replaced by `[KIND]`. */
  redact(text: string): string {
    if (text.length > MAX_SCAN_CHARS) return this.redactLong(text);
    let out = '';
    let at = 0;
    for (const span of this.find(text)) {
      out += `${text.slice(at, span.start)}[${span.kind}]`;
      at = span.end;
    }
    return out + text.slice(at);
  }

  private redactLong(text: string): string {
    let out = '';
    // Cut at whitespace so a value is not split in two (it would escape both halves).
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + MAX_SCAN_CHARS);
      const space = text.lastIndexOf(' ', end);
      if (end < text.length && space > at) end = space;
      out += this.redact(text.slice(at, end));
      at = end;
    }
    return out;
  }
}

let current = new PiiRedactor();

/**
 * Sets the redactor {@link redactPii} uses, e.g. with the national id formats from
 * `privacy.nationalIdPatterns`; called once at start-up.
 */
export function configurePiiRedaction(options: PiiRedactorOptions): void {
  current = new PiiRedactor(options);
}

/** The placeholder kinds {@link redactPii} can produce. */
export const PII_KINDS: readonly PiiKind[] = [
  'EMAIL',
  'IBAN',
  'CARD_NUMBER',
  'BANK_ACCOUNT',
  'NATIONAL_ID',
  'OTP',
  'PHONE',
  'ADDRESS',
];

/** The personal data in `text` according to the configured redactor. */
export function findPii(text: string): PiiSpan[] {
  return current.find(text);
}

/**
 * Replaces personal data in `text` with typed placeholders.
 *
 * @example redactPii('card 4111 1111 1111 1111, mail me at a@b.com') // 'card [CARD_NUMBER], mail me at [EMAIL]'
 */
export function redactPii(text: string): string {
  return current.redact(text);
}
