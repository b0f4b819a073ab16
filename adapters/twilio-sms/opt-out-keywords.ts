import type { ConsentAction, ConsentSource } from './consent-store';

/** Twilio's (and the carriers') standard opt-out keywords. */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
];
/** Opt-in keywords. Twilio also accepts YES, but only from an opted-out number (see below). */
export const OPT_IN_KEYWORDS: readonly string[] = ['START', 'UNSTOP'];
/** Help keywords. */
export const HELP_KEYWORDS: readonly string[] = ['HELP', 'INFO'];
/**
 * YES re-subscribes only a number that opted out; from anyone else it is an ordinary answer
 * ("yes" to a confirmation) and goes to the bot.
 */
const YES = 'YES';

/** A compliance keyword found in an inbound message. */
export interface KeywordMatch {
  action: ConsentAction;
  source: ConsentSource;
  /** The keyword as matched (upper case), or Twilio's `OptOutType`. */
  keyword: string;
}

/** What {@link matchComplianceKeyword} looks at. */
export interface KeywordInput {
  body: string;
  /** Twilio's `OptOutType` field (Advanced Opt-Out): authoritative when present. */
  optOutType?: string;
  /** Whether the sender is currently opted out. */
  optedOut: boolean;
}

const BY_TYPE: Record<string, ConsentAction> = { STOP: 'opt-out', START: 'opt-in', HELP: 'help' };

/**
 * The compliance keyword of an inbound SMS, if any. Twilio's `OptOutType` wins (it knows custom
 * keywords configured in the console); otherwise the whole message must be the keyword, compared
 * case-insensitively after trimming, Unicode normalization and dropping trailing punctuation
 * ("Stop." and "ＳＴＯＰ" count; "please stop texting me" does not, as with the carriers).
 */
export function matchComplianceKeyword(input: KeywordInput): KeywordMatch | undefined {
  const type = input.optOutType?.trim().toUpperCase();
  const byType = type ? BY_TYPE[type] : undefined;
  if (type && byType) return { action: byType, source: 'OptOutType', keyword: type };
  const word = normalize(input.body);
  if (OPT_OUT_KEYWORDS.includes(word)) return { action: 'opt-out', source: 'keyword', keyword: word };
  if (OPT_IN_KEYWORDS.includes(word)) return { action: 'opt-in', source: 'keyword', keyword: word };
  if (input.optedOut && word === YES) return { action: 'opt-in', source: 'keyword', keyword: word };
  if (HELP_KEYWORDS.includes(word)) return { action: 'help', source: 'keyword', keyword: word };
  return undefined;
}

function normalize(body: string): string {
  let word = body.normalize('NFKC').trim().toUpperCase();
  while (word.length > 0 && '.!?'.includes(word.charAt(word.length - 1))) word = word.slice(0, -1).trimEnd();
  return word;
}
