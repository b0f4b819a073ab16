import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CODE = /SWB_ERR_[A-Z0-9_]+/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the error catalog', () => {
  const catalog = readFileSync(join(ROOT, 'src', 'errors.ts'), 'utf8');

  it('gives every error class its own code', () => {
    const declared = [...catalog.matchAll(/super\(\s*'(SWB_ERR_[A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('documents every code used anywhere in docs/errors.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    const documented = new Set([...docs.matchAll(/^\|\s*`(SWB_ERR_[A-Z0-9_]+)`/gm)].map((m) => m[1]));
    const used = new Set(
      ['src', 'adapters', 'dialogs'].flatMap((dir) =>
        sourceFiles(join(ROOT, dir)).flatMap((file) => readFileSync(file, 'utf8').match(CODE) ?? []),
      ),
    );
    const missing = [...used].filter((code) => !documented.has(code)).sort();
    expect(missing).toEqual([]);
  });
});
