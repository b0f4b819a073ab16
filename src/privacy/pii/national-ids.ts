import { passesSpanishIdCheck } from './checksums';
import { matchSpans, type PiiDetector, type PiiSpan } from './span';

/** One national identity number format: a name for docs and config, a pattern, an optional check. */
export interface NationalIdFormat {
  /** E.g. `us-ssn`. */
  name: string;
  /** Matches the number; compiled with the `g` flag when it lacks it. */
  pattern: RegExp;
  /** Extra check on a match (control letter, reserved ranges). */
  check?: (value: string) => boolean;
}

/**
 * Formats recognised unless configuration replaces them (`privacy.nationalIdPatterns`):
 * US Social Security numbers written with separators (never 000, 666 or 9xx areas), UK National
 * Insurance numbers, Spanish DNI/NIE with their control letter.
 */
export const DEFAULT_NATIONAL_ID_FORMATS: readonly NationalIdFormat[] = [
  {
    name: 'us-ssn',
    pattern: /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g,
  },
  {
    name: 'uk-nino',
    pattern: /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  { name: 'es-dni', pattern: /\b[XYZ]?\d{7,8}-?[A-Z]\b/g, check: passesSpanishIdCheck },
];

/** A detector for the given formats. */
export function nationalIdDetector(formats: readonly NationalIdFormat[]): PiiDetector {
  const compiled = formats.map((f) => ({
    ...f,
    pattern: f.pattern.global ? f.pattern : new RegExp(f.pattern.source, `${f.pattern.flags}g`),
  }));
  return (text) => compiled.flatMap((f): PiiSpan[] => matchSpans(text, f.pattern, 'NATIONAL_ID', f.check));
}
