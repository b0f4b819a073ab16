/** Reads JSONL training files: one `{"text": ..., "intent": ...}` per line (`"intent": "oos"` = out of scope). */
import type { DataProblem, SourcedExample } from './nlu-data';

/** Examples and problems of one JSONL file; blank lines are skipped. */
export function readJsonlFile(
  file: string,
  text: string,
): { examples: SourcedExample[]; problems: DataProblem[] } {
  const examples: SourcedExample[] = [];
  const problems: DataProblem[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') return;
    const source = { file, line: index + 1 };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push({ source, message: 'not valid JSON (expected {"text": "...", "intent": "..."})' });
      return;
    }
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (typeof record.text !== 'string' || typeof record.intent !== 'string' || record.intent.trim() === '') {
      problems.push({ source, message: 'each line needs a string "text" and a non-empty string "intent"' });
      return;
    }
    examples.push({ text: record.text.trim(), intent: record.intent.trim(), source, annotations: [] });
  });
  return { examples, problems };
}
