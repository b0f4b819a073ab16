/**
 * Finds entities in a message: the bot's regex and lookup entities, plus built-in dates and times,
 * money, numbers, phone numbers, emails and card/account last-4 digits. Overlapping mentions are
 * resolved by priority (data entities first), then by length.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { EntityDefinition } from '../data/nlu-data';
import type { Entity, EntitySource } from '../types';
import { type ExtractionContext, extractDateTimes, extractPhoneNumbers } from './builtin-datetime-phone';
import { extractCardLast4, extractEmails, extractMoney, extractNumbers } from './builtin-patterns';
import { compileEntity, type EntityMatcher } from './data-entities';

/** Names of the built-in extractors. */
export type BuiltinEntity = 'datetime' | 'money' | 'number' | 'phone' | 'email' | 'card_last4';

/** Every built-in extractor, in the order they are tried. */
export const BUILTIN_ENTITIES: readonly BuiltinEntity[] = [
  'email',
  'phone',
  'money',
  'card_last4',
  'datetime',
  'number',
];

/** Options of {@link EntityRecognizer}. */
export interface EntityRecognizerOptions {
  /** Entities from the bot's data (`entities:` in `models/nlu/*.yaml`). */
  definitions?: readonly EntityDefinition[];
  /** Built-in extractors to run (default: all). */
  builtins?: readonly BuiltinEntity[];
  /** Clock for relative dates when no reference date is passed (default: the system clock). */
  now?: () => Date;
  /** Time zone in which dates are read (IANA name or offset in minutes; default UTC). */
  timezone?: string | number;
  /** Region assumed for phone numbers without a country code (default US). */
  defaultRegion?: CountryCode;
}

/** Higher wins an overlap: data entities, then the most specific built-ins. */
const PRIORITY: Record<EntitySource, number> = {
  regex: 9,
  lookup: 8,
  email: 7,
  phone: 6,
  money: 5,
  card_last4: 4,
  datetime: 3,
  number: 1,
};

type Extractor = (text: string, context: ExtractionContext) => Entity[];

const EXTRACTORS: Record<BuiltinEntity, Extractor> = {
  datetime: extractDateTimes,
  phone: extractPhoneNumbers,
  money: extractMoney,
  number: extractNumbers,
  email: extractEmails,
  card_last4: extractCardLast4,
};

/** Keeps, among overlapping mentions, the one of highest priority, then the longest, then the earliest. */
export function resolveOverlaps(entities: Entity[]): Entity[] {
  const ranked = [...entities].sort(
    (a, b) =>
      PRIORITY[b.source] - PRIORITY[a.source] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const e of ranked) if (!kept.some((k) => e.start < k.end && k.start < e.end)) kept.push(e);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Extracts entities with spans, types, normalised values and sources.
 *
 * @example
 * const entities = new EntityRecognizer({ definitions: data.entities }).recognize('card ending in 4821');
 */
export class EntityRecognizer {
  private readonly matchers: EntityMatcher[];
  private readonly extractors: Extractor[];
  private readonly now: () => Date;

  constructor(private readonly options: EntityRecognizerOptions = {}) {
    this.matchers = (options.definitions ?? []).map(compileEntity);
    this.extractors = (options.builtins ?? BUILTIN_ENTITIES).map((name) => EXTRACTORS[name]);
    this.now = options.now ?? (() => new Date());
  }

  /** Entities in `text`, sorted by position; `referenceDate` anchors relative dates ("last Tuesday"). */
  recognize(text: string, referenceDate: Date = this.now()): Entity[] {
    if (text.trim() === '') return [];
    const context: ExtractionContext = {
      referenceDate,
      timezone: this.options.timezone ?? 'UTC',
      defaultRegion: this.options.defaultRegion ?? 'US',
    };
    const found: Entity[] = [];
    for (const match of this.matchers) found.push(...match(text));
    for (const extract of this.extractors) found.push(...extract(text, context));
    return resolveOverlaps(found);
  }
}
