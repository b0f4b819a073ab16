/**
 * Cross-entry checks of the knowledge base: duplicate ids, and one phrasing used by two entries
 * (which would make the retriever pick an answer at random).
 */
import type { KnowledgeBaseProblem } from '../errors';
import { type FaqEntry, normalizePhrasing, phrasingsOf } from './knowledge-base';

/** An entry with the lines of its id and of each phrasing (question first). */
export interface LocatedEntry {
  entry: FaqEntry;
  idLine: number;
  phrasingLines: readonly number[];
}

const QUOTE_CHARS = 60;

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text);
}

/** Problems for duplicate ids and duplicate phrasings, reported on the second occurrence. */
export function findDuplicates(located: readonly LocatedEntry[]): KnowledgeBaseProblem[] {
  const problems: KnowledgeBaseProblem[] = [];
  const ids = new Map<string, LocatedEntry>();
  const phrasings = new Map<string, { entryId: string; file: string; line: number }>();
  for (const item of located) {
    const { entry } = item;
    const at = (line: number) => ({ file: entry.source.file, line, column: 1 });
    const first = ids.get(entry.id);
    if (first) {
      const where = `${first.entry.source.file}:${first.idLine}`;
      problems.push({
        ...at(item.idLine),
        message: `duplicate entry id "${entry.id}" (first defined at ${where}); give each entry a unique id`,
      });
    } else {
      ids.set(entry.id, item);
    }
    phrasingsOf(entry).forEach((text, i) => {
      const line = item.phrasingLines[i] ?? entry.source.line;
      const key = normalizePhrasing(text);
      if (key === '') {
        problems.push({ ...at(line), message: `entry "${entry.id}": phrasing ${quote(text)} has no words` });
        return;
      }
      const seen = phrasings.get(key);
      if (!seen) {
        phrasings.set(key, { entryId: entry.id, file: entry.source.file, line });
      } else if (seen.entryId === entry.id) {
        problems.push({
          ...at(line),
          message: `entry "${entry.id}": phrasing ${quote(text)} is listed twice; remove one`,
        });
      } else {
        const where = `${seen.file}:${seen.line}`;
        problems.push({
          ...at(line),
          message: `entry "${entry.id}": duplicate question ${quote(text)}, also in entry "${seen.entryId}" (${where}); a question must lead to one answer, so merge the entries or reword one`,
        });
      }
    });
  }
  return problems;
}
