import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeBaseInvalidError } from '../../src/errors';
import { loadKnowledgeBase, parseKnowledgeBase } from '../../src/retrieval/knowledge-base-loader';

const BROKEN = `language: en
entries:
  - id: wire-fee
    question: What is the fee for a wire?
    alternatives:
      - how much is a wire
      - ""
    answer: "   "
    variants:
      sms: short
      sns: typo
  - id: hours
    question: When are you open?
    answr: typo
  - question: no id here
    answer: Hello {name
`;

const OTHER = `entries:
  - id: hours
    question: Opening hours?
    answer: 9 to 5.
  - id: wires
    question: How much is a wire
    alternatives: ["WHAT's the fee for a wire"]
    answer: $25.
`;

function problemsOf(files: { path: string; text: string }[]): string[] {
  return parseKnowledgeBase(files).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`);
}

describe('parseKnowledgeBase', () => {
  it('reports every problem at once, each with file, line and column', () => {
    expect(problemsOf([{ path: 'faq/broken.yaml', text: BROKEN }])).toEqual([
      'faq/broken.yaml:7:9 entry "wire-fee": alternatives[1] is empty',
      'faq/broken.yaml:8:5 entry "wire-fee": answer is empty',
      'faq/broken.yaml:11:7 entry "wire-fee": unknown channel variant "sns" (allowed: sms, voice, slack, webchat)',
      'faq/broken.yaml:12:5 entry "hours": missing required field "answer"',
      'faq/broken.yaml:14:5 entry "hours": unknown key "answr" (allowed: id, question, alternatives, answer, variants, tags, skill, language)',
      'faq/broken.yaml:15:5 entries[2]: missing required field "id"',
    ]);
  });

  it('reports duplicate ids and duplicate questions across files with both locations', () => {
    const good = `entries:
  - id: hours
    question: When are you open?
    answer: Nine to five.
  - id: wire-fee
    question: What's the fee for a wire?
    answer: $45.
`;
    expect(
      problemsOf([
        { path: 'a.yaml', text: good },
        { path: 'b.yaml', text: OTHER },
      ]),
    ).toEqual([
      'b.yaml:2:1 duplicate entry id "hours" (first defined at a.yaml:2); give each entry a unique id',
      `b.yaml:7:1 entry "wires": duplicate question "WHAT's the fee for a wire", also in entry "wire-fee" (a.yaml:6); a question must lead to one answer, so merge the entries or reword one`,
    ]);
  });

  it('reports a phrasing repeated inside one entry, malformed answer templates and YAML syntax errors', () => {
    const text = `entries:
  - id: a
    question: Hello there
    alternatives: ["hello there!"]
    answer: Hi {name
  - id: b
    question: [unclosed
`;
    const problems = problemsOf([{ path: 'x.yaml', text }]);
    expect(problems[0]).toMatch(/^x\.yaml:\d+:\d+ YAML syntax error/);
    const valid = problemsOf([{ path: 'y.yaml', text: text.split('\n').slice(0, 5).join('\n') }]);
    expect(valid).toEqual([
      'y.yaml:4:1 entry "a": phrasing "hello there!" is listed twice; remove one',
      expect.stringMatching(/^y\.yaml:5:5 entry "a": Invalid reply template: unclosed "\{"/),
    ]);
  });

  it('reports a file without entries and unknown top-level keys', () => {
    expect(problemsOf([{ path: 'e.yaml', text: 'langauge: en\nentries: []\n' }])).toEqual([
      'e.yaml:1:1 unknown key "langauge" (allowed: language, skill, entries)',
      'e.yaml:2:1 entries is empty: add at least one entry',
    ]);
  });

  it('builds entries with variants, file defaults and source lines', () => {
    const text = `language: en
skill: payments
entries:
  - id: wire-fee
    question: What is the fee for a wire?
    answer: $45.
    variants: { sms: "Wire: $45" }
`;
    const { entries, problems } = parseKnowledgeBase([{ path: 'w.yaml', text }]);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        id: 'wire-fee',
        question: 'What is the fee for a wire?',
        alternatives: [],
        answer: { default: '$45.', sms: 'Wire: $45' },
        tags: [],
        skill: 'payments',
        language: 'en',
        source: { file: 'w.yaml', line: 4 },
      },
    ]);
  });
});

describe('loadKnowledgeBase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'swb-kb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo knowledge base without a single problem', async () => {
    const kb = await loadKnowledgeBase({ dir: join(__dirname, '..', '..', 'models', 'faq') });
    expect(kb.entries.length).toBeGreaterThanOrEqual(25);
    for (const entry of kb.entries) expect(entry.alternatives.length).toBeGreaterThanOrEqual(3);
  });

  it('throws SWB_ERR_KB_INVALID listing the problems of every file', async () => {
    writeFileSync(join(dir, 'a.yaml'), BROKEN);
    writeFileSync(join(dir, 'b.yml'), OTHER.replace('answer: $25.', 'answer: ""'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const error = await loadKnowledgeBase({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeBaseInvalidError);
    const { problems, code, message } = error as KnowledgeBaseInvalidError;
    expect(code).toBe('SWB_ERR_KB_INVALID');
    expect(new Set(problems.map((p) => p.file))).toEqual(new Set([join(dir, 'a.yaml'), join(dir, 'b.yml')]));
    expect(message).toContain(`${join(dir, 'a.yaml')}:8:5 entry "wire-fee": answer is empty`);
  });

  it('refuses an empty or missing folder with a clear message', async () => {
    await expect(loadKnowledgeBase({ dir })).rejects.toThrow(/no \*\.yaml files found/);
    await expect(loadKnowledgeBase({ dir: join(dir, 'missing') })).rejects.toThrow(/cannot be read/);
  });
});
