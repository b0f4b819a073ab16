import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrorCode, type NluDataError } from '../../src/errors';
import { loadNluData } from '../../src/nlu/data/load-data';
import { tempDir } from './fixtures';

function catchDataError(run: () => unknown): NluDataError {
  try {
    run();
  } catch (error) {
    if (hasErrorCode(error, 'SWB_ERR_NLU_DATA_INVALID')) return error as NluDataError;
    throw error;
  }
  throw new Error('expected SWB_ERR_NLU_DATA_INVALID');
}

const VALID = `intents:
  greet:
    - hi
    - hello
    - hey
    - good morning
    - hiya
  bye:
    - bye
    - goodbye
    - see you
    - later
    - cheers, bye
entities:
  card_type:
    lookup:
      debit: [debit card]
out_of_scope:
  - tell me a joke
`;

describe('loadNluData', () => {
  it('loads YAML intents, entities, out-of-scope examples and inline annotations', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), VALID.replace('- hiya', '- my [debit card](card_type) please'));
    const data = loadNluData(dir);
    expect(data.examples).toHaveLength(11);
    expect(data.entities.map((e) => e.name)).toEqual(['card_type']);
    const annotated = data.examples.find((e) => e.annotations.length > 0);
    expect(annotated?.text).toBe('my debit card please');
    expect(annotated?.annotations[0]).toEqual({ entity: 'card_type', start: 3, end: 13 });
    expect(data.examples.find((e) => e.intent === 'oos')?.source.line).toBe(19);
  });

  it('reports every problem at once, each with its file and line', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(
      join(dir, 'intents.yaml'),
      `intents:\n  greet:\n    - hi\n    - hello\n    - ""\n    - hey there\n    - yo\n    - hiya\n  bye:\n    - bye\n    - Hello\n  card:\n    - my [visa](card_kind) is lost\n`,
    );
    writeFileSync(join(dir, 'sub', 'more.jsonl'), '{"text":"ok","intent":"greet"}\nnot json\n');
    const error = catchDataError(() => loadNluData(dir, { baseDir: dir }));
    const text = error.problems.join('\n');
    expect(text).toContain('intents.yaml:5: empty example text under "greet"');
    expect(text).toMatch(
      /intents\.yaml:11: "Hello" is an example of both "greet" \(intents\.yaml:4\) and "bye"/,
    );
    expect(text).toMatch(/intents\.yaml:10: intent "bye" has 2 example\(s\)/);
    expect(text).toMatch(/intents\.yaml:13: unknown entity "card_kind"/);
    expect(text).toMatch(/more\.jsonl:2: not valid JSON/);
    expect(error.problems.length).toBeGreaterThanOrEqual(6);
    expect(error.message).toContain(`${error.problems.length} problem(s)`);
  });

  it('reports YAML syntax errors and unknown keys with their line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), 'intents:\n  greet: [hi\n');
    writeFileSync(join(dir, 'keys.yml'), 'intent:\n  greet: [hi]\n');
    const error = catchDataError(() => loadNluData(dir, { baseDir: dir }));
    expect(error.problems.some((p) => p.startsWith('bad.yaml:') && p.includes('YAML syntax error'))).toBe(
      true,
    );
    expect(error.problems).toContainEqual(expect.stringMatching(/^keys\.yml:1: unknown key "intent"/));
  });

  it('reads JSONL files as they are, with intent "oos" for out-of-scope', () => {
    const dir = tempDir();
    const lines = ['a', 'b', 'c', 'd', 'e'].map((t) =>
      JSON.stringify({ text: `greet ${t}`, intent: 'greet' }),
    );
    writeFileSync(
      join(dir, 'train.jsonl'),
      `${lines.join('\n')}\n${JSON.stringify({ text: 'weather?', intent: 'oos' })}\n`,
    );
    const data = loadNluData(join(dir, 'train.jsonl'));
    expect(data.examples.map((e) => e.intent)).toEqual(['greet', 'greet', 'greet', 'greet', 'greet', 'oos']);
    expect(data.examples[5]?.source).toEqual({ file: expect.stringContaining('train.jsonl'), line: 6 });
  });

  it('reports an invalid regex entity and a missing path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'e.yaml'), "entities:\n  code:\n    regex: '(unclosed'\n");
    const error = catchDataError(() => loadNluData([dir, join(dir, 'nope')], { baseDir: dir }));
    expect(error.problems).toContainEqual(
      expect.stringMatching(/^e\.yaml:2: entity "code" has an invalid regex/),
    );
    expect(error.problems).toContainEqual(expect.stringMatching(/nope:1: no such file or folder/));
  });
});
