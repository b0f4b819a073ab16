import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainIntentModel } from '../../src/nlu/train/train-intent-model';
import { FAST_TRAINING, tinyExamples, trainTinyModel } from './fixtures';

describe('trainIntentModel', () => {
  it('is reproducible: the same data and seed give the same model.onnx bytes', async () => {
    const a = await trainTinyModel();
    const b = await trainTinyModel();
    expect(readFileSync(join(a, 'model.onnx')).equals(readFileSync(join(b, 'model.onnx')))).toBe(true);
    const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(manifest(a).threshold).toBe(manifest(b).threshold);
    expect(manifest(a).dataHash).toBe(manifest(b).dataHash);
  });

  it('gives a different model for a different seed', async () => {
    const a = await trainTinyModel();
    const b = await trainTinyModel({ network: { seed: 8 } });
    expect(readFileSync(join(a, 'model.onnx')).equals(readFileSync(join(b, 'model.onnx')))).toBe(false);
  });

  it('learns the tiny data and records the threshold method and held-out evidence', async () => {
    const model = await trainIntentModel(tinyExamples(), FAST_TRAINING);
    expect(model.labels).toContain('oos');
    expect(model.oosIndex).toBe(model.labels.indexOf('oos'));
    expect(model.heldOut).toHaveLength(tinyExamples().length);
    expect(model.thresholdMethod).toContain('cross-validation');
    expect(model.threshold).toBeGreaterThanOrEqual(0);
    expect(model.threshold).toBeLessThan(1);
  });

  it('chooses the threshold on a validation set when one is given', async () => {
    const validation = [
      { text: 'hello there', intent: 'greeting' },
      { text: 'I lost my card today', intent: 'lost_card' },
      { text: 'sing me a song', intent: 'oos' },
    ];
    const model = await trainIntentModel(tinyExamples(), { ...FAST_TRAINING, validation });
    expect(model.thresholdMethod).toBe('validation set');
    expect(model.heldOut).toHaveLength(3);
  });

  it('refuses data with fewer than two intents, with a coded error', async () => {
    await expect(trainIntentModel([{ text: 'hi', intent: 'greeting' }], FAST_TRAINING)).rejects.toMatchObject(
      { code: 'SWB_ERR_NLU_TRAINING' },
    );
  });

  it('trains on worker threads with the same result as inline', async () => {
    const inline = await trainTinyModel();
    const threaded = await trainTinyModel({ workers: 2 });
    expect(readFileSync(join(inline, 'model.onnx')).equals(readFileSync(join(threaded, 'model.onnx')))).toBe(
      true,
    );
  });
});
