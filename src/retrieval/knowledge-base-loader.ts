/**
 * Loads the FAQ knowledge base from `models/faq/*.yaml`, validating everything and reporting every
 * problem at once with file, line and column (YAML syntax, schema, duplicate ids and questions,
 * empty answers, unknown channel variants, malformed answer templates).
 *
 * @example
 * const kb = await loadKnowledgeBase({ dir: 'models/faq' }); // throws KnowledgeBaseInvalidError
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { findTemplateProblems } from '../actions/template';
import { KnowledgeBaseInvalidError, type KnowledgeBaseProblem } from '../errors';
import type { FaqEntry, KnowledgeBase } from './knowledge-base';
import { findDuplicates, type LocatedEntry } from './knowledge-base-duplicates';
import { ALLOWED_KEYS, faqEntrySchema, faqFileSchema } from './knowledge-base-schema';
import { describePath, locateYamlPath, positionAt, valueAt, type YamlPath } from './yaml-location';

/** The default knowledge-base folder, relative to the working directory. */
export const DEFAULT_KNOWLEDGE_BASE_DIR = 'models/faq';

/** One knowledge-base file's path and text. */
export interface KnowledgeBaseFile {
  path: string;
  text: string;
}

/** What parsing found: the valid entries and every problem. */
export interface ParsedKnowledgeBase {
  entries: FaqEntry[];
  problems: KnowledgeBaseProblem[];
}

class FileContext {
  readonly lineCounter = new LineCounter();
  readonly doc: Document;
  readonly problems: KnowledgeBaseProblem[] = [];

  constructor(readonly file: KnowledgeBaseFile) {
    this.doc = parseDocument(file.text, {
      lineCounter: this.lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
    });
  }

  line(path: YamlPath): number {
    return locateYamlPath(this.doc, this.lineCounter, path).line;
  }

  reportAt(path: YamlPath, message: string): void {
    this.problems.push({
      file: this.file.path,
      ...locateYamlPath(this.doc, this.lineCounter, path),
      message,
    });
  }

  reportOffset(offset: number, message: string): void {
    this.problems.push({ file: this.file.path, ...positionAt(this.lineCounter, offset), message });
  }
}

function allowedKeysAt(path: YamlPath): readonly string[] {
  if (path.length === 0) return ALLOWED_KEYS.file;
  return path[path.length - 1] === 'variants' ? ALLOWED_KEYS.variants : ALLOWED_KEYS.entry;
}

/** Reports zod issues of the value at `base`, each at its own line. */
function reportIssues(ctx: FileContext, base: YamlPath, error: z.ZodError, prefix: string): void {
  const data = valueAt(ctx.doc.toJS(), base);
  for (const issue of error.issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(path).join(', ');
      const what = path[path.length - 1] === 'variants' ? 'channel variant' : 'key';
      for (const key of issue.keys)
        ctx.reportAt([...path, key], `${prefix}unknown ${what} "${key}" (allowed: ${allowed})`);
      continue;
    }
    const label = describePath(issue.path as (string | number)[]);
    const missing = valueAt(data, issue.path as (string | number)[]) === undefined;
    const separator = /^[A-Z]/.test(issue.message) ? ': ' : ' ';
    const message = missing ? `missing required field "${label}"` : `${label}${separator}${issue.message}`;
    ctx.reportAt(path, `${prefix}${message}`.trim());
  }
}

function reportTemplateProblems(
  ctx: FileContext,
  path: YamlPath,
  entry: z.output<typeof faqEntrySchema>,
  prefix: string,
): void {
  const wordings: [YamlPath, string][] = [[[...path, 'answer'], entry.answer]];
  for (const [key, text] of Object.entries(entry.variants ?? {})) {
    if (text !== undefined) wordings.push([[...path, 'variants', key], text]);
  }
  for (const [at, text] of wordings) {
    for (const problem of findTemplateProblems(text)) ctx.reportAt(at, `${prefix}${problem}`);
  }
}

function parseEntry(
  ctx: FileContext,
  index: number,
  raw: unknown,
  defaults: { language?: string; skill?: string },
): LocatedEntry | undefined {
  const path = ['entries', index];
  const rawId = valueAt(raw, ['id']);
  const prefix = typeof rawId === 'string' ? `entry "${rawId}": ` : `entries[${index}]: `;
  const parsed = faqEntrySchema.safeParse(raw);
  if (!parsed.success) {
    reportIssues(ctx, path, parsed.error, prefix);
    return undefined;
  }
  const input = parsed.data;
  reportTemplateProblems(ctx, path, input, prefix);
  const language = input.language ?? defaults.language;
  const skill = input.skill ?? defaults.skill;
  const entry: FaqEntry = {
    id: input.id,
    question: input.question,
    alternatives: input.alternatives,
    answer: { ...input.variants, default: input.answer },
    tags: input.tags,
    ...(skill === undefined ? {} : { skill }),
    ...(language === undefined ? {} : { language }),
    source: { file: ctx.file.path, line: ctx.line(path) },
  };
  const phrasingLines = [
    ctx.line([...path, 'question']),
    ...input.alternatives.map((_, i) => ctx.line([...path, 'alternatives', i])),
  ];
  return { entry, idLine: ctx.line([...path, 'id']), phrasingLines };
}

function parseFile(file: KnowledgeBaseFile): { entries: LocatedEntry[]; problems: KnowledgeBaseProblem[] } {
  const ctx = new FileContext(file);
  for (const error of ctx.doc.errors) ctx.reportOffset(error.pos[0], `YAML syntax error: ${error.message}`);
  if (ctx.doc.errors.length > 0) return { entries: [], problems: ctx.problems };
  const data: unknown = ctx.doc.toJS();
  const head = faqFileSchema.safeParse(data);
  if (!head.success) reportIssues(ctx, [], head.error, '');
  const rawEntries = valueAt(data, ['entries']);
  const defaults = head.success ? head.data : {};
  const entries: LocatedEntry[] = [];
  if (Array.isArray(rawEntries)) {
    rawEntries.forEach((raw, index) => {
      const located = parseEntry(ctx, index, raw, defaults);
      if (located) entries.push(located);
    });
  }
  return { entries, problems: ctx.problems };
}

/** Parses and validates knowledge-base files without touching the disk (the watcher and tests use it). */
export function parseKnowledgeBase(files: readonly KnowledgeBaseFile[]): ParsedKnowledgeBase {
  const located: LocatedEntry[] = [];
  const problems: KnowledgeBaseProblem[] = [];
  for (const file of files) {
    const result = parseFile(file);
    located.push(...result.entries);
    problems.push(...result.problems);
  }
  problems.push(...findDuplicates(located));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { entries: located.map((l) => l.entry), problems };
}

/** Reads `*.yaml` and `*.yml` files of `dir`, sorted by name. */
export async function readKnowledgeBaseFiles(dir: string): Promise<KnowledgeBaseFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  } catch (error) {
    throw new KnowledgeBaseInvalidError(
      [
        {
          file: dir,
          line: 1,
          column: 1,
          message: 'the knowledge-base folder cannot be read; create it or point knowledgeBase.dir elsewhere',
        },
      ],
      { cause: error },
    );
  }
  return Promise.all(
    names.map(async (name) => ({ path: join(dir, name), text: await readFile(join(dir, name), 'utf8') })),
  );
}

/** Options of {@link loadKnowledgeBase}. */
export interface LoadKnowledgeBaseOptions {
  /** Folder of the YAML files; defaults to {@link DEFAULT_KNOWLEDGE_BASE_DIR}. */
  dir?: string;
}

/** Loads and validates the knowledge base; throws `KnowledgeBaseInvalidError` listing every problem. */
export async function loadKnowledgeBase(options: LoadKnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
  const dir = options.dir ?? DEFAULT_KNOWLEDGE_BASE_DIR;
  const files = await readKnowledgeBaseFiles(dir);
  if (files.length === 0) {
    throw new KnowledgeBaseInvalidError([
      { file: dir, line: 1, column: 1, message: 'no *.yaml files found; add one (see docs/retrieval.md)' },
    ]);
  }
  const { entries, problems } = parseKnowledgeBase(files);
  if (problems.length > 0) throw new KnowledgeBaseInvalidError(problems);
  return { entries, files: files.map((f) => f.path) };
}
