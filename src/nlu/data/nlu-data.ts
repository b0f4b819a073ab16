/** The bot's NLU training data once loaded: labelled examples and entity definitions, each with its origin. */
import type { LabeledExample } from '../types';

/** A file and 1-based line, for messages that point the author at the problem. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** An entity mention marked inline in an example: `I lost my [debit card](card_type)`. */
export interface EntityAnnotation {
  entity: string;
  start: number;
  end: number;
}

/** A training example with where it was written. */
export interface SourcedExample extends LabeledExample {
  source: SourceLocation;
  annotations: EntityAnnotation[];
}

/** A regex entity: every match of `pattern` (the first capture group when it has one) is a mention. */
export interface RegexEntityDefinition {
  kind: 'regex';
  name: string;
  pattern: string;
  source: SourceLocation;
}

/** A lookup entity: canonical values, each with synonyms; matching is case-insensitive on word boundaries. */
export interface LookupEntityDefinition {
  kind: 'lookup';
  name: string;
  values: { value: string; synonyms: string[] }[];
  source: SourceLocation;
}

/** An entity defined in the bot's data. */
export type EntityDefinition = RegexEntityDefinition | LookupEntityDefinition;

/** Everything the trainer and the entity recognizer need from the data folder. */
export interface NluData {
  examples: SourcedExample[];
  entities: EntityDefinition[];
  /** Files read, in the order read (sorted by path). */
  files: string[];
}

/** A problem found while loading, with its location; all are reported together. */
export interface DataProblem {
  source: SourceLocation;
  message: string;
}

/** Formats a problem as `file:line: message`. */
export function formatProblem(problem: DataProblem): string {
  return `${problem.source.file}:${problem.source.line}: ${problem.message}`;
}
