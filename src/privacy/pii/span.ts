/** Kinds of personal data the redactor recognises; each becomes the placeholder `[KIND]`. */
export type PiiKind =
  | 'EMAIL'
  | 'IBAN'
  | 'CARD_NUMBER'
  | 'BANK_ACCOUNT'
  | 'NATIONAL_ID'
  | 'OTP'
  | 'PHONE'
  | 'ADDRESS';

/** Where a piece of personal data sits in a text: `[start, end)` in UTF-16 code units. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

/** Finds one kind of personal data in a text. */
export type PiiDetector = (text: string) => PiiSpan[];

/**
 * Every match of `pattern` (flags `g`, plus `d` when it has a named group `value`) kept by
 * `accept`, as spans of `kind`. With a `value` group only that group is the span (the rest is
 * context, e.g. the word "code").
 */
export function matchSpans(
  text: string,
  pattern: RegExp,
  kind: PiiKind,
  accept: (value: string, match: RegExpExecArray) => boolean = () => true,
): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const group = match.indices?.groups?.['value'];
    const value = match.groups?.['value'] ?? match[0];
    const start = group ? group[0] : (match.index ?? 0);
    if (value.length > 0 && accept(value, match as RegExpExecArray)) {
      spans.push({ kind, start, end: start + value.length });
    }
  }
  return spans;
}
