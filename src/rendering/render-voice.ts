import { type Choice, choicesOf, type Reply, textFor } from './reply';

/** A reply as a phone call speaks it. */
export interface VoiceRendering {
  /** Plain text for `<Say>`: no markup, no emoji, symbols spoken. */
  say: string;
  /** Speech recognition hints (`<Gather hints>`): the choices' titles and synonyms. */
  hints: string[];
  /** Keypad digit → the choice value it picks. */
  dtmf: Record<string, string>;
}

/** A keypad has nine single digits for choices; more choices are spoken without a digit. */
const MAX_DTMF_CHOICES = 9;

const SPOKEN_SYMBOLS: Array<[RegExp, string]> = [
  [/https?:\/\/\S+/g, 'our website'],
  [/[*_`~]+/g, ''],
  [/&/g, ' and '],
  [/%/g, ' percent'],
  [/\+/g, ' plus '],
  [/@/g, ' at '],
  [/#(\d)/g, 'number $1'],
  [/[<>[\]{}|\\^]/g, ' '],
];

/** "$12.50" and "USD 12.50" → "12 dollars and 50 cents"; "€3" → "3 euros". */
function speakMoney(text: string): string {
  const names: Record<string, [string, string]> = {
    $: ['dollars', 'cents'],
    USD: ['dollars', 'cents'],
    '€': ['euros', 'cents'],
    EUR: ['euros', 'cents'],
    '£': ['pounds', 'pence'],
    GBP: ['pounds', 'pence'],
  };
  return text.replace(
    /([$€£]|\b(?:USD|EUR|GBP)\b)\s?(\d[\d,]*)(?:\.(\d{2}))?/g,
    (_m, symbol: string, whole: string, cents?: string) => {
      const [major, minor] = names[symbol] as [string, string];
      const base = `${whole.replace(/,/g, '')} ${major}`;
      return cents && cents !== '00' ? `${base} and ${Number(cents)} ${minor}` : base;
    },
  );
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2025-03-12" → "March 12, 2025": an ISO date read digit by digit is meaningless on a call. */
function speakDates(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (whole, year: string, month: string, day: string) => {
    const name = MONTHS[Number(month) - 1];
    return name && Number(day) >= 1 && Number(day) <= 31 ? `${name} ${Number(day)}, ${year}` : whole;
  });
}

/** "BLK-100001" → "B L K 1 0 0 0 0 1": a reference code spelled out, letters and digits alike. */
function speakCodes(text: string): string {
  return text.replace(/\b([A-Z]{2,5})-(\d{4,})\b/g, (_m, letters: string, digits: string) =>
    [...letters, ...digits].join(' '),
  );
}

/**
 * Reads runs of 4+ digits one by one (card endings, reference numbers), not as large numbers;
 * amounts and the year of a spoken date stay numbers.
 */
function speakDigits(text: string): string {
  const month = MONTHS.join('|');
  const digitRun = new RegExp(`(?<!(?:${month}) \\d{1,2}, )\\b\\d{4,}\\b(?! (?:dollars|euros|pounds))`, 'g');
  return text.replace(digitRun, (digits) => digits.split('').join(' '));
}

/** Removes emoji and other pictographs a speech engine would read aloud by name or skip badly. */
function stripPictographs(text: string): string {
  return text.replace(/\p{Extended_Pictographic}/gu, '').replace(/[\u{FE0F}\u{200D}]/gu, '');
}

/** Makes text safe and natural for `<Say>`. */
export function toSpeakable(text: string): string {
  let out = stripPictographs(text);
  out = speakCodes(speakDates(speakMoney(out)));
  for (const [pattern, spoken] of SPOKEN_SYMBOLS) out = out.replace(pattern, spoken);
  out = speakDigits(out);
  return out
    .replace(/\s*\n\s*/g, '. ')
    .replace(/\s+/g, ' ')
    .replace(/\.\s*\./g, '.')
    .trim();
}

function choicePrompt(choices: readonly Choice[]): string {
  const spoken = choices.map((c, i) =>
    i < MAX_DTMF_CHOICES
      ? `for ${toSpeakable(c.title)}, say it or press ${i + 1}`
      : `or say ${toSpeakable(c.title)}`,
  );
  return `${spoken.join('; ')}.`;
}

/**
 * Renders a reply for a phone call: the voice variant (or the SMS one, or the text) made speakable,
 * the list read out, and the choices spoken with their keypad digits.
 */
export function renderVoice(reply: Reply): VoiceRendering {
  const parts = [toSpeakable(textFor(reply, 'voice'))];
  if (reply.list) {
    for (const item of reply.list.items) parts.push(toSpeakable(`${item.label}: ${item.value}.`));
  }
  const choices = choicesOf(reply);
  if (choices.length > 0) parts.push(choicePrompt(choices));
  const dtmf: Record<string, string> = {};
  choices.slice(0, MAX_DTMF_CHOICES).forEach((c, i) => {
    dtmf[String(i + 1)] = c.value;
  });
  const hints = choices.flatMap((c) => [c.title, ...(c.synonyms ?? [])]);
  return { say: parts.join(' '), hints, dtmf };
}
