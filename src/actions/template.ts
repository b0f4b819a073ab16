/**
 * Reply templates: text with `{slot}` placeholders and per-channel wordings. A template renders
 * completely or not at all: a missing slot gives a typed failure, never a half-filled reply.
 *
 * @example
 * renderTemplate({ default: 'Your balance is {balance}.', sms: 'Bal: {balance}' },
 *   { channel: 'sms', slots: { balance: { amountMinor: 123450, currency: 'USD' } } });
 * // { ok: true, text: 'Bal: $1,234.50', variant: 'sms' }
 */
import { TemplateSlotMissingError, TemplateSyntaxError } from '../errors';
import {
  type FormatContext,
  formatSlotValue,
  resolveSlotPath,
  SLOT_FORMATS,
  type SlotFormat,
} from './slot-format';

/** Channels that may carry their own wording of a reply (a short SMS, words that read well aloud). */
export const CHANNEL_VARIANT_KEYS = ['sms', 'voice', 'slack', 'webchat'] as const;

/** One of {@link CHANNEL_VARIANT_KEYS}. */
export type ChannelVariantKey = (typeof CHANNEL_VARIANT_KEYS)[number];

/** A reply with a default wording and optional per-channel wordings. */
export interface ChannelVariants {
  default: string;
  sms?: string;
  voice?: string;
  slack?: string;
  webchat?: string;
}

/** A template: one wording for every channel, or {@link ChannelVariants}. */
export type TemplateSource = string | ChannelVariants;

/** One piece of a parsed template. */
export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'slot'; path: string; format: SlotFormat | undefined };

/** A parsed wording: its segments and the slots it needs. */
export interface ParsedTemplate {
  segments: readonly TemplateSegment[];
  slots: readonly string[];
}

/** Options of {@link renderTemplate}. */
export interface RenderTemplateOptions {
  /** The channel the reply goes to (`sms`, `voice`, `slack`, `webchat`, …); picks the variant. */
  channel?: string;
  /** Slot values from entities, conversation state and backend actions; dotted paths reach inside. */
  slots?: Readonly<Record<string, unknown>>;
  /** BCP 47 locale for numbers, money and dates. Defaults to `en-US`. */
  locale?: string;
  /** IANA time zone for dates. Defaults to `UTC`. */
  timeZone?: string;
}

/** The outcome of {@link renderTemplate}: the whole text, or a typed failure with what was missing. */
export type RenderResult =
  | { ok: true; text: string; variant: 'default' | ChannelVariantKey }
  | { ok: false; error: TemplateSlotMissingError | TemplateSyntaxError; missing: readonly string[] };

const SLOT_PATTERN = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(?::([a-z]+))?$/;

function parseSlot(body: string, at: number): TemplateSegment {
  const match = SLOT_PATTERN.exec(body.trim());
  if (!match) throw new TemplateSyntaxError(`"{${body}}" at character ${at + 1} is not a valid slot`);
  const format = match[2];
  if (format !== undefined && !(SLOT_FORMATS as readonly string[]).includes(format)) {
    throw new TemplateSyntaxError(
      `unknown format "${format}" at character ${at + 1} (use ${SLOT_FORMATS.join(', ')})`,
    );
  }
  return { kind: 'slot', path: match[1] as string, format: format as SlotFormat | undefined };
}

/** Parses one wording; throws {@link TemplateSyntaxError} for an unclosed `{` or a stray `}`. */
export function parseTemplate(text: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const next = text[i + 1];
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      literal += char;
      i++;
    } else if (char === '}') {
      throw new TemplateSyntaxError(`stray "}" at character ${i + 1}`);
    } else if (char === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) throw new TemplateSyntaxError(`unclosed "{" at character ${i + 1}`);
      if (literal) segments.push({ kind: 'text', text: literal });
      literal = '';
      segments.push(parseSlot(text.slice(i + 1, end), i));
      i = end;
    } else {
      literal += char;
    }
  }
  if (literal) segments.push({ kind: 'text', text: literal });
  const slots = [...new Set(segments.flatMap((s) => (s.kind === 'slot' ? [s.path] : [])))];
  return { segments, slots };
}

/** The syntax problems of every wording of `source` (empty when it is valid); used by loaders. */
export function findTemplateProblems(source: TemplateSource): string[] {
  const wordings = typeof source === 'string' ? [source] : Object.values(source);
  const problems: string[] = [];
  for (const wording of wordings) {
    if (typeof wording !== 'string') continue;
    try {
      parseTemplate(wording);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) problems.push(error.message);
      else throw error;
    }
  }
  return problems;
}

/** Picks the wording for `channel`, falling back to the default one. */
export function selectVariant(
  source: TemplateSource,
  channel?: string,
): { variant: 'default' | ChannelVariantKey; text: string } {
  if (typeof source === 'string') return { variant: 'default', text: source };
  const key = CHANNEL_VARIANT_KEYS.find((k) => k === channel);
  const text = key === undefined ? undefined : source[key];
  return key !== undefined && text !== undefined
    ? { variant: key, text }
    : { variant: 'default', text: source.default };
}

/**
 * Renders the wording of `source` for the channel with the given slots. Fails as a whole (typed
 * result, nothing thrown) when a slot has no printable value or the wording is malformed.
 */
export function renderTemplate(source: TemplateSource, options: RenderTemplateOptions = {}): RenderResult {
  const { variant, text } = selectVariant(source, options.channel);
  let parsed: ParsedTemplate;
  try {
    parsed = parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, error, missing: [] };
    throw error;
  }
  const context: FormatContext = {
    locale: options.locale ?? 'en-US',
    timeZone: options.timeZone ?? 'UTC',
    spoken: variant === 'voice' || options.channel === 'voice',
  };
  const slots = options.slots ?? {};
  const missing: string[] = [];
  const pieces = parsed.segments.map((segment) => {
    if (segment.kind === 'text') return segment.text;
    const value = formatSlotValue(resolveSlotPath(slots, segment.path), segment.format, context);
    if (value === undefined && !missing.includes(segment.path)) missing.push(segment.path);
    return value ?? '';
  });
  if (missing.length > 0) return { ok: false, error: new TemplateSlotMissingError(missing), missing };
  return { ok: true, text: pieces.join(''), variant };
}
