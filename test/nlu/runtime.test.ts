/** @jest-environment ./test/nlu/onnx-environment.ts */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentModel } from '../../src/nlu/intent-model';
import { sha256 } from '../../src/nlu/model/model-files';
import { ModelRegistry } from '../../src/nlu/model-registry';
import { NluEngine } from '../../src/nlu/nlu-engine';
import { type NluResult, NONE_INTENT } from '../../src/nlu/types';
import { tempDir, trainTinyModel } from './fixtures';

let modelDir: string;
let model: IntentModel;

beforeAll(async () => {
  modelDir = await trainTinyModel();
  model = await IntentModel.load(modelDir);
});

afterAll(async () => {
  await model.close();
});

function expectValid(result: NluResult, text: string): void {
  expect(result.text).toBe(text);
  expect(Number.isFinite(result.score)).toBe(true);
  expect(result.score).toBeGreaterThanOrEqual(0);
  expect(result.score).toBeLessThanOrEqual(1);
  expect(result.topIntents.length).toBeGreaterThan(0);
  expect(result.outOfScope).toBe(result.intent === NONE_INTENT);
  expect(result.modelId).toBe(model.modelId);
}

describe('NluEngine', () => {
  it('classifies in-scope messages and returns None with its score out of scope', async () => {
    const nlu = new NluEngine({ models: model });
    const lost = await nlu.understand('I lost my card ending in 4821');
    expect(lost).toMatchObject({ intent: 'lost_card', outOfScope: false });
    expect(lost.entities).toContainEqual(expect.objectContaining({ type: 'card_last4', value: '4821' }));
    const oos = await nlu.understand('tell me a joke');
    expect(oos).toMatchObject({ intent: NONE_INTENT, outOfScope: true });
    expect(oos.score).toBeGreaterThan(0);
    expect(oos.topIntents.some((t) => t.intent === 'oos')).toBe(false);
  });

  it.each([
    ['empty text', ''],
    ['10,000 characters', 'card '.repeat(2000)],
    ['emoji only', '😀🎉🔥💳'],
    ['mixed scripts', 'hello 我的银行卡 丢了 привет карта مرحبا'],
    ['control characters', 'I\u0000 lost\u0007 my\u001b card\u009f'],
    ['lone surrogates', '\ud800 card \udfff'],
  ])('gives a valid result for %s', async (_name, text) => {
    const result = await new NluEngine({ models: model }).understand(text);
    expectValid(result, text);
  });

  it('reports not ready with a coded error before any model is loaded', async () => {
    const nlu = new NluEngine({ models: { current: () => undefined } });
    expect(nlu.isReady()).toBe(false);
    await expect(nlu.understand('hi')).rejects.toMatchObject({ code: 'SWB_ERR_NOT_READY' });
  });
});

describe('model files', () => {
  it('fails with SWB_ERR_NLU_MODEL_MISSING when the folder or a file is missing', async () => {
    await expect(IntentModel.load(join(tempDir(), 'nope'))).rejects.toMatchObject({
      code: 'SWB_ERR_NLU_MODEL_MISSING',
    });
    const dir = tempDir();
    copyFileSync(join(modelDir, 'model.json'), join(dir, 'model.json'));
    await expect(IntentModel.load(dir)).rejects.toMatchObject({
      code: 'SWB_ERR_NLU_MODEL_MISSING',
      message: expect.stringContaining('model.onnx'),
    });
  });

  it('fails with SWB_ERR_NLU_MODEL_CORRUPT on a truncated graph, bad JSON or an invalid manifest', async () => {
    const truncated = tempDir();
    copyFileSync(join(modelDir, 'model.json'), join(truncated, 'model.json'));
    writeFileSync(join(truncated, 'model.onnx'), readFileSync(join(modelDir, 'model.onnx')).subarray(0, 100));
    await expect(IntentModel.load(truncated)).rejects.toMatchObject({
      code: 'SWB_ERR_NLU_MODEL_CORRUPT',
      message: expect.stringContaining('SHA-256'),
    });
    const badJson = tempDir();
    copyFileSync(join(modelDir, 'model.onnx'), join(badJson, 'model.onnx'));
    writeFileSync(join(badJson, 'model.json'), '{ not json');
    await expect(IntentModel.load(badJson)).rejects.toMatchObject({ code: 'SWB_ERR_NLU_MODEL_CORRUPT' });
    writeFileSync(join(badJson, 'model.json'), JSON.stringify({ format: 'switchboard-nlu/1', labels: [] }));
    await expect(IntentModel.load(badJson)).rejects.toMatchObject({
      code: 'SWB_ERR_NLU_MODEL_CORRUPT',
      message: expect.stringContaining('manifest is invalid'),
    });
  });

  it('fails with SWB_ERR_NLU_MODEL_CORRUPT when onnxruntime rejects the graph', async () => {
    const dir = tempDir();
    const garbage = Buffer.from('this is not an onnx model');
    const manifest = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
    writeFileSync(join(dir, 'model.onnx'), garbage);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...manifest, onnxSha256: sha256(garbage) }));
    await expect(IntentModel.load(dir)).rejects.toMatchObject({
      code: 'SWB_ERR_NLU_MODEL_CORRUPT',
      message: expect.stringContaining('onnxruntime'),
    });
  });

  it('a registry on a missing model rejects with a coded error and stays not ready', async () => {
    const dir = join(tempDir(), 'empty');
    const registry = new ModelRegistry({ dir, watch: false });
    await expect(registry.start()).rejects.toMatchObject({ code: 'SWB_ERR_NLU_MODEL_MISSING' });
    expect(registry.isReady()).toBe(false);
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
