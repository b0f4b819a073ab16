/**
 * SMS segment arithmetic. A message in the GSM-7 alphabet fits 160 characters in one segment and
 * 153 per segment when split (7 go to the concatenation header); any other character forces UCS-2:
 * 70 in one segment, 67 per segment when split. Characters of the GSM-7 extension table count twice.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM7_BASIC);
const extended = new Set(GSM7_EXTENDED);

/** Segment sizes, in characters (GSM-7 septets or UCS-2 code units). */
export const SMS_LIMITS = { gsmSingle: 160, gsmMulti: 153, ucsSingle: 70, ucsMulti: 67 } as const;

/** The encoding a text needs. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** The encoding of `text`: GSM-7 when every character is in the GSM alphabet. */
export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!basic.has(ch) && !extended.has(ch)) return 'UCS-2';
  return 'GSM-7';
}

/** Length in the units of its encoding (extension characters count 2; UCS-2 counts UTF-16 units). */
export function smsLength(text: string, encoding = smsEncoding(text)): number {
  if (encoding === 'UCS-2') return text.length;
  let n = 0;
  for (const ch of text) n += extended.has(ch) ? 2 : 1;
  return n;
}

/** How many segments `text` takes. */
export function smsSegmentCount(text: string): number {
  const encoding = smsEncoding(text);
  const length = smsLength(text, encoding);
  const [single, multi] =
    encoding === 'GSM-7'
      ? [SMS_LIMITS.gsmSingle, SMS_LIMITS.gsmMulti]
      : [SMS_LIMITS.ucsSingle, SMS_LIMITS.ucsMulti];
  return length <= single ? 1 : Math.ceil(length / multi);
}

/** Characters available in `segments` segments for a text of this encoding. */
export function smsCapacity(encoding: SmsEncoding, segments: number): number {
  if (encoding === 'GSM-7') return segments === 1 ? SMS_LIMITS.gsmSingle : SMS_LIMITS.gsmMulti * segments;
  return segments === 1 ? SMS_LIMITS.ucsSingle : SMS_LIMITS.ucsMulti * segments;
}

/**
 * Splits `text` into messages of at most `maxSegments` segments each, at sentence, line or word
 * boundaries where possible (never inside a word unless the word alone is too long).
 */
export function splitSms(text: string, maxSegments: number): string[] {
  const messages: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (smsSegmentCount(rest) <= maxSegments) {
      messages.push(rest);
      break;
    }
    const cut = bestCut(rest, smsCapacity(smsEncoding(rest), maxSegments));
    messages.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  return messages;
}

function fitsIn(text: string, capacity: number): number {
  // The longest prefix (in code points) whose encoded length fits the capacity.
  let used = 0;
  let index = 0;
  const encoding = smsEncoding(text);
  for (const ch of text) {
    const cost = encoding === 'UCS-2' ? ch.length : extended.has(ch) ? 2 : 1;
    if (used + cost > capacity) break;
    used += cost;
    index += ch.length;
  }
  return index;
}

function bestCut(text: string, capacity: number): number {
  const max = fitsIn(text, capacity);
  const window = text.slice(0, max + 1);
  for (const pattern of [/\n/g, /[.!?](?=\s)/g, /[,;:](?=\s)/g, /\s/g]) {
    let last = -1;
    for (const m of window.matchAll(pattern)) if (m.index !== undefined && m.index < max) last = m.index;
    // Do not cut absurdly early: keep at least half the capacity.
    if (last >= max / 2) return last + 1;
  }
  return max;
}
