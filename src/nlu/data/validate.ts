/** Validation of loaded NLU data; every problem is collected so the author fixes them in one pass. */
import { OOS_LABEL } from '../types';
import type { DataProblem, EntityDefinition, SourcedExample } from './nlu-data';

/** Options of {@link validateData}. */
export interface ValidateOptions {
  /** An intent needs at least this many examples to be learnable. */
  minExamplesPerIntent: number;
}

/** Five examples is the least that lets the classifier generalise past the exact phrasings. */
export const DEFAULT_MIN_EXAMPLES_PER_INTENT = 5;

/** Normalises a text for duplicate detection: NFKC, lowercase, single spaces. */
export function normalizeForDuplicates(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function checkEmptyAndDuplicates(examples: SourcedExample[], problems: DataProblem[]): void {
  const seen = new Map<string, SourcedExample>();
  for (const example of examples) {
    if (example.text.trim() === '') {
      problems.push({ source: example.source, message: `empty example text under "${example.intent}"` });
      continue;
    }
    const key = normalizeForDuplicates(example.text);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, example);
    else if (first.intent !== example.intent) {
      problems.push({
        source: example.source,
        message: `"${example.text}" is an example of both "${first.intent}" (${first.source.file}:${first.source.line}) and "${example.intent}"; keep it under one intent`,
      });
    }
  }
}

function checkCounts(examples: SourcedExample[], minimum: number, problems: DataProblem[]): void {
  const byIntent = new Map<string, SourcedExample[]>();
  for (const e of examples) {
    if (e.intent === OOS_LABEL || e.text.trim() === '') continue;
    byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  }
  for (const [intent, list] of byIntent) {
    if (list.length < minimum && list[0] !== undefined) {
      problems.push({
        source: list[0].source,
        message: `intent "${intent}" has ${list.length} example(s); give it at least ${minimum} varied ones`,
      });
    }
  }
}

function checkEntities(
  entities: EntityDefinition[],
  examples: SourcedExample[],
  problems: DataProblem[],
): void {
  const names = new Set<string>();
  for (const entity of entities) {
    if (names.has(entity.name))
      problems.push({ source: entity.source, message: `entity "${entity.name}" is defined twice` });
    names.add(entity.name);
    if (entity.kind === 'regex') {
      try {
        new RegExp(entity.pattern, 'u');
      } catch (error) {
        problems.push({
          source: entity.source,
          message: `entity "${entity.name}" has an invalid regex: ${(error as Error).message}`,
        });
      }
    } else if (entity.values.length === 0) {
      problems.push({ source: entity.source, message: `lookup entity "${entity.name}" has no values` });
    }
  }
  for (const example of examples) {
    for (const annotation of example.annotations) {
      if (!names.has(annotation.entity)) {
        problems.push({
          source: example.source,
          message: `unknown entity "${annotation.entity}" (defined: ${[...names].join(', ') || 'none'})`,
        });
      }
    }
  }
}

/** Returns every problem in the data: empty texts, cross-intent duplicates, small intents, entity errors. */
export function validateData(
  examples: SourcedExample[],
  entities: EntityDefinition[],
  options: ValidateOptions = { minExamplesPerIntent: DEFAULT_MIN_EXAMPLES_PER_INTENT },
): DataProblem[] {
  const problems: DataProblem[] = [];
  checkEmptyAndDuplicates(examples, problems);
  checkCounts(examples, options.minExamplesPerIntent, problems);
  checkEntities(entities, examples, problems);
  return problems;
}
