import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Featurizer } from '../../src/nlu/featurizer';
import { DEFAULT_NETWORK_OPTIONS } from '../../src/nlu/train/hyperparameters';
import { planJobs } from '../../src/nlu/train/plan';
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

  it('chooses the highest threshold within the in-scope accuracy budget of its held-out predictions', async () => {
    const model = await trainIntentModel(tinyExamples(), FAST_TRAINING);
    const { method, maxInScopeLoss } = model.thresholdOptions;
    expect(method).toBe('accuracy-budget');
    const base = model.sweep[0]?.inScopeAccuracy as number;
    const index = model.sweep.findIndex((p) => p.threshold === model.threshold);
    expect(base - (model.sweep[index]?.inScopeAccuracy as number)).toBeLessThanOrEqual(maxInScopeLoss + 1e-9);
    const next = model.sweep[index + 1];
    expect(next === undefined || base - next.inScopeAccuracy > maxInScopeLoss).toBe(true);
  });

  it('trains every cross-validation fold with as many members as the final ensemble', () => {
    const examples = tinyExamples();
    const labels = [...new Set(examples.map((e) => e.intent))].sort();
    const featurizer = new Featurizer({ buckets: 1 << 12 });
    const plan = planJobs({
      features: examples.map((e) => featurizer.featurize(e.text)),
      gold: Int32Array.from(examples, (e) => labels.indexOf(e.intent)),
      classes: labels.length,
      network: { ...DEFAULT_NETWORK_OPTIONS, ensembleSize: 3 },
      buckets: 1 << 12,
      validation: undefined,
      folds: 3,
      foldBudget: 12_000,
      oosIndex: labels.indexOf('oos'),
      monitor: false,
    });
    expect(plan.groups.map((g) => [g.kind, g.jobIds.length])).toEqual([
      ['fold', 3],
      ['fold', 3],
      ['fold', 3],
      ['final', 3],
    ]);
    expect(new Set(plan.jobs.map((j) => j.seed)).size).toBe(12);
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
