import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFaq } from '../../src/cli/commands/faq';
import { SqliteFeedbackStore } from '../../src/retrieval/feedback/sqlite-feedback-store';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'swb-faq-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seed(path: string): Promise<void> {
  const store = new SqliteFeedbackStore({ path, now: () => new Date('2025-03-03T10:00:00Z') });
  await store.recordUnanswered({ text: 'Do you buy gold?', channel: 'sms', conversationId: 'c1' });
  await store.recordUnanswered({ text: 'do you buy gold', channel: 'webchat', conversationId: 'c2' });
  await store.recordUnanswered({
    text: 'is card 4111 1111 1111 1111 blocked?',
    channel: 'webchat',
    conversationId: 'c3',
  });
  await store.close();
}

describe('switchboard faq unanswered', () => {
  it('lists unanswered questions with counts, most frequent first, redacted', async () => {
    const db = join(dir, 'sb.sqlite');
    await seed(db);
    const { out, streams } = io();
    expect(await runFaq(['unanswered', '--db', db], streams)).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/count\s+last seen \(UTC\)\s+channels\s+question/);
    expect(lines[1]).toMatch(/^\s+2\s+2025-03-03 10:00\s+sms,webchat\s+do you buy gold$/);
    expect(lines[2]).toMatch(/^\s+1 .*is card \[CARD_NUMBER\] blocked\?$/);
  });

  it('prints JSON with --json and honours --limit', async () => {
    const db = join(dir, 'sb.sqlite');
    await seed(db);
    const { out, streams } = io();
    expect(await runFaq(['unanswered', '--db', db, '--limit', '1', '--json'], streams)).toBe(0);
    const parsed = JSON.parse(out.stdout) as { unanswered: { count: number }[] };
    expect(parsed.unanswered).toEqual([expect.objectContaining({ count: 2, text: 'do you buy gold' })]);
  });

  it('says so when nothing was recorded, without creating a database', async () => {
    const { out, streams } = io();
    expect(await runFaq(['unanswered', '--db', join(dir, 'none.sqlite')], streams)).toBe(0);
    expect(out.stdout).toBe('No unanswered questions recorded.\n');
  });

  it('rejects a bad --limit and unknown sub-commands', async () => {
    const { out, streams } = io();
    expect(await runFaq(['unanswered', '--limit', 'many'], streams)).toBe(2);
    expect(await runFaq(['frobnicate'], streams)).toBe(2);
    expect(out.stderr).toMatch(/--limit must be a positive integer[\s\S]*Unknown faq command "frobnicate"/);
  });
});

describe('switchboard faq check', () => {
  it('validates the demo knowledge base and shows its threshold', async () => {
    const { out, streams } = io();
    expect(await runFaq(['check', '--dir', join(__dirname, '..', '..', 'models', 'faq')], streams)).toBe(0);
    expect(out.stdout).toMatch(
      /^OK: \d+ entries in 1 file\(s\); answer threshold 0\.\d{3} \(calibrated, balanced accuracy/,
    );
  });

  it('lists every problem with file and line and exits 1', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'entries:\n  - id: a\n    question: Hi\n    answer: ""\n  - id: b\n    answer: x\n',
    );
    const { out, streams } = io();
    expect(await runFaq(['check', '--dir', dir], streams)).toBe(1);
    expect(out.stderr).toContain(`${join(dir, 'bad.yaml')}:4:5 entry "a": answer is empty`);
    expect(out.stderr).toContain(`${join(dir, 'bad.yaml')}:5:5 entry "b": missing required field "question"`);
    expect(out.stderr).toContain('SWB_ERR_KB_INVALID: 2 problem(s)');
  });
});
