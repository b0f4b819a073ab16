/** Entities defined in the bot's data: regex patterns and lookup lists with synonyms. */
import type { EntityDefinition, LookupEntityDefinition, RegexEntityDefinition } from '../data/nlu-data';
import type { Entity } from '../types';

/** Finds one data-defined entity's mentions in a text. */
export type EntityMatcher = (text: string) => Entity[];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches of a regex entity; with a capture group, the span and value are the first group's. */
function regexMatcher(definition: RegexEntityDefinition): EntityMatcher {
  const pattern = new RegExp(definition.pattern, 'giud');
  return (text) =>
    [...text.matchAll(pattern)].flatMap((m): Entity[] => {
      const span = m.indices?.[1] ?? m.indices?.[0];
      if (span === undefined || span[1] === span[0]) return [];
      const matched = text.slice(span[0], span[1]);
      return [
        {
          type: definition.name,
          text: matched,
          start: span[0],
          end: span[1],
          value: matched,
          source: 'regex',
        },
      ];
    });
}

/** Case-insensitive, whole-word matches of a value or any synonym; the value is the canonical name. */
function lookupMatcher(definition: LookupEntityDefinition): EntityMatcher {
  const canonical = new Map<string, string>();
  for (const { value, synonyms } of definition.values) {
    for (const phrase of [value, ...synonyms]) canonical.set(phrase.normalize('NFKC').toLowerCase(), value);
  }
  const phrases = [...canonical.keys()].filter((p) => p.trim() !== '').sort((a, b) => b.length - a.length);
  if (phrases.length === 0) return () => [];
  const alternation = phrases.map((p) => escapeRegExp(p).replace(/\s+/g, '\\s+')).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) =>
    [...text.matchAll(pattern)].map((m) => {
      const start = m.index ?? 0;
      const key = m[0].normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
      const value = canonical.get(key) ?? canonical.get(m[0].toLowerCase()) ?? m[0];
      return {
        type: definition.name,
        text: m[0],
        start,
        end: start + m[0].length,
        value,
        source: 'lookup' as const,
      };
    });
}

/** Compiles an entity definition into a matcher. */
export function compileEntity(definition: EntityDefinition): EntityMatcher {
  return definition.kind === 'regex' ? regexMatcher(definition) : lookupMatcher(definition);
}
