import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeBaseInvalidError } from '../../src/errors';
import { type KnowledgeBaseReload, KnowledgeBaseWatcher } from '../../src/retrieval/knowledge-base-watcher';

const kbText = (answer: string, extra = '') => `entries:
  - id: routing-number
    question: What is your routing number?
    alternatives: [routing number for direct deposit, ABA number]
    answer: ${answer}
  - id: opening-hours
    question: What are your opening hours?
    alternatives: [when are you open, branch hours]
    answer: Nine to five.
${extra}`;

function nextEvent<K extends 'reloaded' | 'rejected'>(watcher: KnowledgeBaseWatcher, name: K) {
  return new Promise<K extends 'reloaded' ? KnowledgeBaseReload : KnowledgeBaseInvalidError>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} event within 10 s`)), 10_000);
      watcher.once(name, ((value: never) => {
        clearTimeout(timer);
        resolve(value);
      }) as never);
    },
  );
}

describe('KnowledgeBaseWatcher', () => {
  let dir: string;
  let watcher: KnowledgeBaseWatcher;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'swb-kb-watch-'));
    writeFileSync(join(dir, 'faq.yaml'), kbText('Our routing number is 110000000.'));
    watcher = new KnowledgeBaseWatcher({ dir, debounceMs: 20, retriever: { threshold: 0.3 } });
    await watcher.start();
  });

  afterEach(async () => {
    await watcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the next query from an edited file without a restart', async () => {
    expect(watcher.retrieve('routing number?').best?.answer.default).toBe('Our routing number is 110000000.');
    const reloaded = nextEvent(watcher, 'reloaded');
    writeFileSync(join(dir, 'faq.yaml'), kbText('It changed to 220000000.'));
    await expect(reloaded).resolves.toMatchObject({ entries: 2 });
    expect(watcher.retrieve('routing number?').best?.answer.default).toBe('It changed to 220000000.');
  });

  it('sees a new file added to the folder', async () => {
    const reloaded = nextEvent(watcher, 'reloaded');
    writeFileSync(
      join(dir, 'more.yaml'),
      'entries:\n  - id: swift-code\n    question: What is your SWIFT code?\n    alternatives: [BIC code]\n    answer: ACMEUS33.\n',
    );
    await expect(reloaded).resolves.toMatchObject({ entries: 3 });
    expect(watcher.retrieve('what is the swift code').best?.entryId).toBe('swift-code');
  });

  it('keeps the previous knowledge base when an edit is invalid, and reports it with file and line', async () => {
    const rejected = nextEvent(watcher, 'rejected');
    writeFileSync(join(dir, 'faq.yaml'), kbText('""'));
    const error = await rejected;
    expect(error.code).toBe('SWB_ERR_KB_INVALID');
    expect(error.problems).toEqual([
      expect.objectContaining({
        file: join(dir, 'faq.yaml'),
        line: 5,
        message: expect.stringContaining('answer is empty'),
      }),
    ]);
    expect(watcher.retrieve('routing number?').best?.answer.default).toBe('Our routing number is 110000000.');
  });

  it('reloads on demand and coalesces concurrent reloads', async () => {
    const results = await Promise.all([watcher.reload(), watcher.reload()]);
    expect(results).toEqual([true, true]);
  });

  it('closes idempotently', async () => {
    const first = watcher.close();
    expect(watcher.close()).toBe(first);
    await first;
  });
});

describe('KnowledgeBaseWatcher.start', () => {
  it('refuses to start on an invalid knowledge base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-kb-watch-'));
    writeFileSync(join(dir, 'faq.yaml'), 'entries: []\n');
    const watcher = new KnowledgeBaseWatcher({ dir });
    await expect(watcher.start()).rejects.toMatchObject({ code: 'SWB_ERR_KB_INVALID' });
    expect(() => watcher.retrieve('x')).toThrow(/not ready/);
    await watcher.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
