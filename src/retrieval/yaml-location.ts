/**
 * Maps a path inside a parsed YAML document (`['entries', 3, 'answer']`) to a line and column, so
 * that every knowledge-base problem points at the text to fix.
 */
import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter } from 'yaml';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** 1-based line and column. */
export interface YamlPosition {
  line: number;
  column: number;
}

function nodeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

/** Offset of the key (in a map) or the item (in a sequence) that `path` ends with, if it exists. */
function offsetOf(doc: Document, path: YamlPath): number | undefined {
  if (path.length === 0) return nodeStart(doc.contents);
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
    return pair ? nodeStart(pair.key) : undefined;
  }
  if (isSeq(parent) && typeof last === 'number') return nodeStart(parent.items[last]);
  return undefined;
}

/**
 * Position of `path`, or of its nearest existing ancestor when the path does not exist (a missing
 * field is reported on the entry that lacks it).
 */
export function locateYamlPath(doc: Document, lineCounter: LineCounter, path: YamlPath): YamlPosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = offsetOf(doc, path.slice(0, depth));
    if (offset !== undefined) return positionAt(lineCounter, offset);
  }
  return { line: 1, column: 1 };
}

/** Line and column of a character offset. */
export function positionAt(lineCounter: LineCounter, offset: number): YamlPosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Reads the plain value at `path` (undefined when absent). */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let current = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `alternatives[2]`, `variants.sms`: how a path reads in a message. */
export function describePath(path: YamlPath): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );
}
