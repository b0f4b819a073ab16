/**
 * Loads NLU data from a file or a folder (`.yaml`, `.yml`, `.json`, `.jsonl`), validates it, and throws one
 * {@link NluDataError} listing every problem with its file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { NluDataError } from '../../errors';
import { readJsonlFile } from './jsonl-loader';
import { type DataProblem, formatProblem, type NluData } from './nlu-data';
import { DEFAULT_MIN_EXAMPLES_PER_INTENT, validateData } from './validate';
import { readDataFile } from './yaml-loader';

const DATA_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.jsonl']);

/** Options of {@link loadNluData}. */
export interface LoadNluDataOptions {
  /** Paths in messages are shown relative to this folder (default: the working directory). */
  baseDir?: string;
  minExamplesPerIntent?: number;
}

/** Data files under `path` (recursively, sorted) or `path` itself when it is a file. */
export function listDataFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => DATA_EXTENSIONS.has(extname(file).toLowerCase()) && statSync(file).isFile())
    .sort();
}

/** Loads and validates the NLU data at `paths` (files or folders); throws {@link NluDataError} on any problem. */
export function loadNluData(paths: string | readonly string[], options: LoadNluDataOptions = {}): NluData {
  const data: NluData = { examples: [], entities: [], files: [] };
  const problems: DataProblem[] = [];
  const baseDir = options.baseDir ?? process.cwd();
  for (const root of typeof paths === 'string' ? [paths] : paths) {
    let files: string[];
    try {
      files = listDataFiles(root);
    } catch {
      problems.push({ source: { file: root, line: 1 }, message: 'no such file or folder' });
      continue;
    }
    for (const file of files) {
      const shown = relative(baseDir, file) || file;
      const text = readFileSync(file, 'utf8');
      const content =
        extname(file).toLowerCase() === '.jsonl'
          ? { entities: [], ...readJsonlFile(shown, text) }
          : readDataFile(shown, text);
      data.files.push(file);
      data.examples.push(...content.examples);
      data.entities.push(...content.entities);
      problems.push(...content.problems);
    }
  }
  const minExamplesPerIntent = options.minExamplesPerIntent ?? DEFAULT_MIN_EXAMPLES_PER_INTENT;
  problems.push(...validateData(data.examples, data.entities, { minExamplesPerIntent }));
  if (problems.length > 0) throw new NluDataError(problems.map(formatProblem));
  return data;
}
