/**
 * Reads one NLU data file in YAML (or JSON, which is YAML too), keeping the line of every node:
 *
 * ```yaml
 * intents:
 *   report_lost_card:
 *     - I lost my [debit card](card_type)
 * entities:
 *   card_last4: { regex: 'ending in (\d{4})' }
 *   card_type: { lookup: { debit: [debit card, atm card], credit: [credit card] } }
 * out_of_scope:
 *   - what's the weather like
 * ```
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { OOS_LABEL } from '../types';
import { parseAnnotations } from './annotations';
import type { DataProblem, EntityDefinition, SourcedExample, SourceLocation } from './nlu-data';

/** What one file contributes. */
export interface FileContent {
  examples: SourcedExample[];
  entities: EntityDefinition[];
  problems: DataProblem[];
}

const TOP_LEVEL_KEYS = new Set(['version', 'language', 'intents', 'entities', 'out_of_scope']);

class FileReader {
  readonly content: FileContent = { examples: [], entities: [], problems: [] };
  private readonly lines = new LineCounter();

  constructor(private readonly file: string) {}

  at(node: Node | null | undefined): SourceLocation {
    const offset = node?.range?.[0] ?? 0;
    return { file: this.file, line: Math.max(1, this.lines.linePos(offset).line) };
  }

  problem(node: Node | null | undefined, message: string): void {
    this.content.problems.push({ source: this.at(node), message });
  }

  read(text: string): FileContent {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false });
    for (const error of doc.errors) {
      this.content.problems.push({
        source: { file: this.file, line: this.lines.linePos(error.pos[0]).line || 1 },
        message: `YAML syntax error: ${error.message.split('\n')[0]}`,
      });
    }
    if (doc.errors.length > 0) return this.content;
    if (doc.contents === null) return this.content;
    if (!isMap(doc.contents)) {
      this.problem(
        doc.contents,
        'the file must be a mapping with `intents`, `entities` and/or `out_of_scope`',
      );
      return this.content;
    }
    this.readTopLevel(doc.contents);
    return this.content;
  }

  private readTopLevel(map: YAMLMap): void {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value as Node | null;
      if (!TOP_LEVEL_KEYS.has(key)) {
        this.problem(
          pair.key as Node,
          `unknown key "${key}" (expected one of ${[...TOP_LEVEL_KEYS].join(', ')})`,
        );
      } else if (key === 'intents') this.readIntents(value);
      else if (key === 'entities') this.readEntities(value);
      else if (key === 'out_of_scope') this.readExamples(OOS_LABEL, value);
    }
  }

  private readIntents(node: Node | null): void {
    if (!isMap(node)) {
      this.problem(node, '`intents` must map each intent name to a list of examples');
      return;
    }
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value).trim() : '';
      if (name === '' || name === OOS_LABEL) {
        this.problem(
          pair.key as Node,
          `invalid intent name "${name}" (use out_of_scope for out-of-scope examples)`,
        );
        continue;
      }
      this.readExamples(name, pair.value as Node | null, pair.key as Node);
    }
  }

  private readExamples(intent: string, node: Node | null, owner?: Node): void {
    if (!isSeq(node)) {
      this.problem(node ?? owner, `"${intent}" must be a list of example messages`);
      return;
    }
    for (const item of node.items as Node[]) {
      const source = this.at(item);
      if (!isScalar(item) || (typeof item.value !== 'string' && typeof item.value !== 'number')) {
        this.problem(item, `an example of "${intent}" must be a text`);
        continue;
      }
      const parsed = parseAnnotations(String(item.value));
      for (const message of parsed.problems) this.content.problems.push({ source, message });
      this.content.examples.push({ text: parsed.text, intent, source, annotations: parsed.annotations });
    }
  }

  private readEntities(node: Node | null): void {
    if (!isMap(node)) {
      this.problem(node, '`entities` must map each entity name to { regex } or { lookup }');
      return;
    }
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value).trim() : '';
      const value = pair.value as Node | null;
      const source = this.at(pair.key as Node);
      const definition = isMap(value) ? value.toJSON() : undefined;
      if (typeof definition?.regex === 'string') {
        this.content.entities.push({ kind: 'regex', name, pattern: definition.regex, source });
      } else if (isMap(value) && isMap(value.get('lookup', true))) {
        this.readLookup(name, value.get('lookup', true) as unknown as YAMLMap, source);
      } else {
        this.problem(
          value ?? (pair.key as Node),
          `entity "${name}" needs a \`regex\` string or a \`lookup\` mapping`,
        );
      }
    }
  }

  private readLookup(name: string, lookup: YAMLMap, source: SourceLocation): void {
    const values: { value: string; synonyms: string[] }[] = [];
    for (const pair of lookup.items) {
      const value = isScalar(pair.key) ? String(pair.key.value) : '';
      const synonymsNode = pair.value as Node | null;
      const synonyms = isSeq(synonymsNode) ? (synonymsNode.toJSON() as unknown[]).map(String) : [];
      if (synonymsNode !== null && !isSeq(synonymsNode)) {
        this.problem(synonymsNode, `synonyms of "${value}" in entity "${name}" must be a list`);
      }
      values.push({ value, synonyms });
    }
    this.content.entities.push({ kind: 'lookup', name, values, source });
  }
}

/** Parses one YAML or JSON NLU data file; problems are returned, not thrown. */
export function readDataFile(file: string, text: string): FileContent {
  return new FileReader(file).read(text);
}
