/** @jest-environment ./test/nlu/onnx-environment.ts */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/commands/eval';
import { tempDir, tinyExamples, trainTinyModel } from './fixtures';

const EVAL_SET = [
  { text: 'hello there', intent: 'greeting' },
  { text: 'what is my account balance', intent: 'balance' },
  { text: 'my card got stolen', intent: 'lost_card' },
  { text: 'are you open on saturday', intent: 'hours' },
  { text: 'I want to talk to a person', intent: 'agent' },
  { text: 'what is the capital of peru', intent: 'oos' },
];

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await run(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

let dataFile: string;
let modelDir: string;

beforeAll(async () => {
  dataFile = join(tempDir(), 'eval.jsonl');
  writeFileSync(dataFile, `${EVAL_SET.map((e) => JSON.stringify(e)).join('\n')}\n`);
  modelDir = await trainTinyModel();
});

describe('switchboard eval', () => {
  it('--json prints one object with the headline metrics and per-intent figures', async () => {
    const { code, out } = await capture(['--model', modelDir, '--data', dataFile, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    for (const key of ['accuracy', 'inScopeAccuracy', 'oosRecall', 'oosPrecision', 'macroF1'])
      expect(typeof result[key]).toBe('number');
    expect(result.examples).toBe(6);
    expect(result.perIntent.map((m: { intent: string }) => m.intent)).toContain('oos');
    expect(result.perIntent[0]).toEqual(
      expect.objectContaining({
        precision: expect.any(Number),
        recall: expect.any(Number),
        f1: expect.any(Number),
      }),
    );
    expect(Array.isArray(result.confusedPairs)).toBe(true);
  });

  it('prints a readable summary and writes the HTML report with its three charts', async () => {
    const report = join(tempDir(), 'report');
    const { code, out } = await capture(['--model', modelDir, '--data', dataFile, '--report', report]);
    expect(code).toBe(0);
    expect(out).toContain('in-scope accuracy');
    expect(out).toContain('Most confused');
    for (const file of [
      'index.html',
      'confusion-matrix.svg',
      'confidence-histogram.svg',
      'threshold-sweep.svg',
      'report.json',
    ]) {
      expect(existsSync(join(report, file))).toBe(true);
    }
    expect(readFileSync(join(report, 'index.html'), 'utf8')).toContain('<img src="threshold-sweep.svg"');
    expect(readFileSync(join(report, 'threshold-sweep.svg'), 'utf8')).toContain('<polyline');
  });

  it('--compare lists per-intent differences against the previous model and can fail on regression', async () => {
    const broken = tinyExamples().map((e) => (e.intent === 'hours' ? { ...e, intent: 'agent' } : e));
    const worse = await trainTinyModel({}, tempDir(), broken);
    const { code, out } = await capture([
      '--model',
      worse,
      '--data',
      dataFile,
      '--compare',
      modelDir,
      '--json',
      '--fail-on-regression',
    ]);
    const result = JSON.parse(out);
    expect(result.comparison.regressions.map((r: { intent: string }) => r.intent)).toContain('hours');
    expect(
      result.comparison.intents.find((i: { intent: string }) => i.intent === 'hours').deltaF1,
    ).toBeLessThan(0);
    expect(code).toBe(3);
  });

  it('--cross-validation K evaluates the training recipe on the data', async () => {
    const file = join(tempDir(), 'all.jsonl');
    writeFileSync(
      file,
      tinyExamples()
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const { code, out } = await capture(['--data', file, '--cross-validation', '3', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.examples).toBe(tinyExamples().length);
    expect(result.inScopeAccuracy).toBeGreaterThan(0.5);
  }, 60_000);

  it('exits 1 with a coded error for a missing model and 2 for bad options', async () => {
    const missing = await capture(['--model', join(tempDir(), 'none'), '--data', dataFile]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('SWB_ERR_NLU_MODEL_MISSING');
    expect((await capture(['--cross-validation', '1'])).code).toBe(2);
  });
});
