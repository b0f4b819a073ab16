/** Built-in extractors backed by maintained libraries: dates and times (chrono-node), phone numbers (libphonenumber-js). */
import * as chrono from 'chrono-node';
import { type CountryCode, findPhoneNumbersInText } from 'libphonenumber-js';
import type { DateTimeValue, Entity } from '../types';

/** Context of one extraction: the reference instant for relative dates, the phone region, the time zone. */
export interface ExtractionContext {
  /** "last Tuesday" and "tomorrow" resolve relative to this instant. */
  referenceDate: Date;
  /** IANA time zone or offset in minutes used to read dates; default UTC. */
  timezone: string | number;
  /** Region assumed for phone numbers written without a country code. */
  defaultRegion: CountryCode;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function componentsToValue(components: chrono.ParsedComponents): { iso: string; hasTime: boolean } {
  const hasTime = components.isCertain('hour');
  if (hasTime) return { iso: components.date().toISOString(), hasTime };
  const year = components.get('year') ?? components.date().getUTCFullYear();
  return {
    iso: `${pad(year, 4)}-${pad(components.get('month') ?? 1)}-${pad(components.get('day') ?? 1)}`,
    hasTime,
  };
}

/**
 * Dates, times and ranges. A date without a time of day is given as `YYYY-MM-DD`; with a time, as an ISO
 * instant.
 */
export function extractDateTimes(text: string, context: ExtractionContext): Entity[] {
  const results = chrono.parse(text, { instant: context.referenceDate, timezone: context.timezone });
  return results.map((result) => {
    const start = componentsToValue(result.start);
    // chrono leaves `end` null (not undefined) when the text names a single point in time.
    const end = result.end ? componentsToValue(result.end) : null;
    const value: DateTimeValue = {
      start: start.iso,
      end: end?.iso ?? null,
      hasTime: start.hasTime || (end?.hasTime ?? false),
    };
    return {
      type: 'datetime',
      text: result.text,
      start: result.index,
      end: result.index + result.text.length,
      value,
      source: 'datetime',
    };
  });
}

/** Phone numbers, normalised to E.164 (`+14155550132`). */
export function extractPhoneNumbers(text: string, context: ExtractionContext): Entity[] {
  return findPhoneNumbersInText(text, context.defaultRegion).map((found) => ({
    type: 'phone_number',
    text: text.slice(found.startsAt, found.endsAt),
    start: found.startsAt,
    end: found.endsAt,
    value: found.number.number,
    source: 'phone',
  }));
}
