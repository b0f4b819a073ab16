/**
 * Formatting of slot values for reply templates: money with its currency, dates in the bot's time
 * zone, lists as natural-language lists. Voice gets spoken forms ("12.50 US dollars").
 */

/** An amount of money in minor units (cents), so that no float rounding ever reaches a customer. */
export interface Money {
  amountMinor: number;
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
}

/** Format hints a slot may carry: `{due:date}`, `{opensAt:time}`, `{reference:digits}`. */
export const SLOT_FORMATS = ['date', 'time', 'datetime', 'digits'] as const;

/** One of {@link SLOT_FORMATS}. */
export type SlotFormat = (typeof SLOT_FORMATS)[number];

/** Where and how a value is formatted. */
export interface FormatContext {
  /** BCP 47 locale, e.g. `en-US`. */
  locale: string;
  /** IANA time zone dates are shown in, e.g. `America/New_York`. */
  timeZone: string;
  /** True for voice channels: spoken currency names, long month names. */
  spoken: boolean;
}

/** True when `value` has the shape of {@link Money}. */
export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { amountMinor, currency } = value as Partial<Money>;
  return typeof amountMinor === 'number' && Number.isFinite(amountMinor) && typeof currency === 'string';
}

/** Formats money in the locale, e.g. `$1,234.50`, or `1,234.50 US dollars` when spoken. */
export function formatMoney(money: Money, context: FormatContext): string {
  const base = new Intl.NumberFormat(context.locale, { style: 'currency', currency: money.currency });
  const digits = base.resolvedOptions().maximumFractionDigits ?? 2;
  const amount = money.amountMinor / 10 ** digits;
  if (!context.spoken) return base.format(amount);
  return new Intl.NumberFormat(context.locale, {
    style: 'currency',
    currency: money.currency,
    currencyDisplay: 'name',
  }).format(amount);
}

function toDate(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function formatDate(date: Date, format: SlotFormat | undefined, context: FormatContext): string {
  const month = context.spoken ? 'long' : 'short';
  const dateParts: Intl.DateTimeFormatOptions = { year: 'numeric', month, day: 'numeric' };
  const timeParts: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  const parts =
    format === 'time' ? timeParts : format === 'datetime' ? { ...dateParts, ...timeParts } : dateParts;
  return new Intl.DateTimeFormat(context.locale, { ...parts, timeZone: context.timeZone }).format(date);
}

function formatScalar(
  value: unknown,
  format: SlotFormat | undefined,
  context: FormatContext,
): string | undefined {
  if (format === 'date' || format === 'time' || format === 'datetime' || value instanceof Date) {
    const date = toDate(value);
    return date ? formatDate(date, format, context) : undefined;
  }
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number')
    return Number.isFinite(value) ? value.toLocaleString(context.locale) : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'bigint') return value.toLocaleString(context.locale);
  if (isMoney(value)) return formatMoney(value, context);
  return undefined;
}

/**
 * Formats one slot value, or returns `undefined` when it has no printable value (missing, empty,
 * an invalid date, a plain object): the template then fails as a whole instead of printing "undefined".
 */
export function formatSlotValue(
  value: unknown,
  format: SlotFormat | undefined,
  context: FormatContext,
): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map((item) => formatScalar(item, format, context));
    if (items.length === 0 || items.some((item) => item === undefined)) return undefined;
    return new Intl.ListFormat(context.locale, { type: 'conjunction' }).format(items as string[]);
  }
  if (format === 'digits') {
    const raw = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    return raw === '' ? undefined : [...raw.replace(/\s+/g, '')].join(' ');
  }
  return formatScalar(value, format, context);
}

/** Reads a dotted path (`card.last4`, `accounts.0.balance`) from a slot bag. */
export function resolveSlotPath(slots: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = slots;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
