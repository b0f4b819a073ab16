/**
 * `switchboard faq unanswered [--db PATH] [--limit N] [--json]` lists the questions the bot could
 * not answer, grouped with counts, for a person to turn into FAQ entries.
 * `switchboard faq check [--dir DIR]` validates the knowledge base and shows its answer threshold.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KnowledgeBaseInvalidError } from '../../errors';
import { AnswerRetriever } from '../../retrieval/answer-retriever';
import type { UnansweredSummary } from '../../retrieval/feedback/feedback-store';
import { DEFAULT_SQLITE_PATH, SqliteFeedbackStore } from '../../retrieval/feedback/sqlite-feedback-store';
import { DEFAULT_KNOWLEDGE_BASE_DIR, loadKnowledgeBase } from '../../retrieval/knowledge-base-loader';

const USAGE = `Usage: switchboard faq <command> [options]
  faq unanswered [--db PATH] [--limit N] [--json]
      questions the bot had no answer for, most frequent first (texts are PII-redacted)
      --db     SQLite file (default ${DEFAULT_SQLITE_PATH})
      --limit  most rows shown (default 50)
      --json   print one JSON object
  faq check [--dir DIR]
      validate the knowledge base (every problem with file and line) and show its answer threshold
      --dir    knowledge-base folder (default ${DEFAULT_KNOWLEDGE_BASE_DIR})
`;

/** Where the command writes (tests pass their own). */
export interface FaqCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: DEFAULT_SQLITE_PATH },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      dir: { type: 'string', default: DEFAULT_KNOWLEDGE_BASE_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}

type Values = ReturnType<typeof parse>['values'];

/** Formats grouped unanswered questions as a plain-text table. */
export function formatUnanswered(rows: readonly UnansweredSummary[]): string {
  if (rows.length === 0) return 'No unanswered questions recorded.\n';
  const header = `${'count'.padStart(5)}  ${'last seen (UTC)'.padEnd(16)}  ${'channels'.padEnd(16)}  question`;
  const lines = rows.map((row) => {
    const lastSeen = row.lastSeenAt.slice(0, 16).replace('T', ' ');
    return `${String(row.count).padStart(5)}  ${lastSeen.padEnd(16)}  ${row.channels.join(',').padEnd(16)}  ${row.text}`;
  });
  return `${[header, ...lines].join('\n')}\n`;
}

async function unanswered(values: Values, io: FaqCommandIo): Promise<number> {
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr.write(`--limit must be a positive integer, got "${values.limit}".\n`);
    return 2;
  }
  // Listing must not create a database as a side effect.
  const rows = existsSync(values.db) ? await listFrom(values.db, limit) : [];
  io.stdout.write(
    values.json ? `${JSON.stringify({ db: values.db, unanswered: rows })}\n` : formatUnanswered(rows),
  );
  return 0;
}

async function listFrom(path: string, limit: number): Promise<UnansweredSummary[]> {
  const store = new SqliteFeedbackStore({ path });
  try {
    return await store.listUnanswered({ limit });
  } finally {
    await store.close();
  }
}

async function check(values: Values, io: FaqCommandIo): Promise<number> {
  try {
    const knowledgeBase = await loadKnowledgeBase({ dir: values.dir });
    const { calibration } = AnswerRetriever.create(knowledgeBase);
    const accuracy = Number.isNaN(calibration.accuracy)
      ? ''
      : `, balanced accuracy ${calibration.accuracy.toFixed(3)}`;
    io.stdout.write(
      `OK: ${knowledgeBase.entries.length} entries in ${knowledgeBase.files.length} file(s); answer threshold ${calibration.threshold.toFixed(3)} (${calibration.method}${accuracy}).\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof KnowledgeBaseInvalidError)) throw error;
    for (const p of error.problems) io.stderr.write(`${p.file}:${p.line}:${p.column} ${p.message}\n`);
    io.stderr.write(`${error.code}: ${error.problems.length} problem(s) in the knowledge base.\n`);
    return 1;
  }
}

/** Runs `faq` with the given streams; resolves with the exit code. */
export async function runFaq(args: string[], io: FaqCommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (command === 'unanswered') return unanswered(parsed.values, io);
  if (command === 'check') return check(parsed.values, io);
  io.stderr.write(
    `${command === undefined ? 'Missing' : `Unknown`} faq command${command ? ` "${command}"` : ''}.\n\n${USAGE}`,
  );
  return 2;
}

/** Entry point used by `src/cli/main.ts`. */
export async function run(args: string[]): Promise<number> {
  return runFaq(args, { stdout: process.stdout, stderr: process.stderr });
}
