/** Inline entity annotations in examples: `I lost my [debit card](card_type)`. */
import type { EntityAnnotation } from './nlu-data';

const ANNOTATION = /\[([^[\]]+)\]\(([^()\s]+)\)/g;

/** The example text without annotation markup, the annotated spans, and any markup problems. */
export function parseAnnotations(raw: string): {
  text: string;
  annotations: EntityAnnotation[];
  problems: string[];
} {
  const annotations: EntityAnnotation[] = [];
  let text = '';
  let last = 0;
  for (const match of raw.matchAll(ANNOTATION)) {
    const index = match.index ?? 0;
    text += raw.slice(last, index);
    const mention = match[1] ?? '';
    annotations.push({ entity: match[2] ?? '', start: text.length, end: text.length + mention.length });
    text += mention;
    last = index + match[0].length;
  }
  text += raw.slice(last);
  const shift = text.length - text.trimStart().length;
  for (const a of annotations) {
    a.start -= shift;
    a.end -= shift;
  }
  return { text: text.trim(), annotations, problems: [] };
}
