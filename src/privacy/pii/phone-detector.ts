import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PiiDetector, PiiSpan } from './span';

// 7–15 digits with the separators people type, an optional +/00 country prefix and (area) code.
const CANDIDATE = /(?<![\w+\-/.,#])(?:\+|00)?\(?\d(?:[ \t().-]{0,3}\d){6,14}(?![\w/]|[.,:-]\d)/g;
const MIN_DIGITS = 7;
/** Regions whose national numbers start with a trunk 0 (`020 7946 0958`, `06 12 34 56 78`). */
const TRUNK_ZERO_REGIONS: readonly CountryCode[] = ['GB', 'FR', 'DE', 'NL', 'BE', 'AT', 'CH', 'IE', 'IT'];
/** Regions whose national numbers do not (`(415) 555-2671`, `612 345 678`, `912 345 678`). */
const NO_TRUNK_REGIONS: readonly CountryCode[] = ['US', 'ES', 'PT', 'IT'];
/** Dates written with digits only, which can look like phone numbers (`2026-11-28`, `28.11.2026`). */
const DATE_INSIDE =
  /(?:19|20)\d\d[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01])|\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d\d/;
/** Thousands grouped with dots: `1.250.000`. */
const DOTTED_THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;
const CURRENCY_AFTER = /^\s?(?:[€$£¥]|eur\b|usd\b|gbp\b|euros?\b|dollars?\b|pounds?\b|pesos?\b)/i;
const CURRENCY_BEFORE = /(?:[€$£¥]|eur|usd|gbp)\s?$/i;
// "order 10023345", "ref. no 4471 2290", "pedido nº 55512345", "Bestellnummer: 88812345".
const REFERENCE_BEFORE =
  /(?:order|ref(?:erence)?|ticket|case|invoice|tracking|booking|confirmation|parcel|pedido|referencia|factura|seguimiento|commande|facture|dossier|suivi|bestell(?:ung|nummer)?|rechnung(?:snummer)?|auftrag|vorgang|sendung|n[º°o]|#)\W{0,3}(?:(?:number|no|num|nummer|número|numero|numéro|n[º°o])\W{0,3})?$/i;
/** How far back the words before a candidate are read. */
const CONTEXT_CHARS = 30;

/**
 * Phone numbers: candidates found by shape, kept when libphonenumber-js (full metadata) says they
 * are valid numbers, either international (`+44 …`, `0044 …`) or national in one of the regions
 * above; dates, amounts, times and order or reference numbers are left alone.
 */
export const detectPhones: PiiDetector = (text) => {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (isPhone(match[0], text.slice(Math.max(0, start - CONTEXT_CHARS), start), text.slice(end))) {
      spans.push({ kind: 'PHONE', start, end });
    }
  }
  return spans;
};

function isPhone(candidate: string, before: string, after: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return false;
  if (DATE_INSIDE.test(candidate) || DOTTED_THOUSANDS.test(candidate)) return false;
  if (CURRENCY_AFTER.test(after) || CURRENCY_BEFORE.test(before) || REFERENCE_BEFORE.test(before)) {
    return false;
  }
  if (candidate.startsWith('+')) return validIn(candidate);
  if (candidate.startsWith('00')) return validIn(`+${digits.slice(2)}`);
  const regions = digits.startsWith('0') ? TRUNK_ZERO_REGIONS : NO_TRUNK_REGIONS;
  return regions.some((region) => validIn(candidate, region));
}

function validIn(text: string, region?: CountryCode): boolean {
  return parsePhoneNumberFromString(text, region)?.isValid() ?? false;
}
