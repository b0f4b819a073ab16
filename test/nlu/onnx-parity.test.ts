/** @jest-environment ./test/nlu/onnx-environment.ts */
import { Featurizer } from '../../src/nlu/featurizer';
import { IntentModel } from '../../src/nlu/intent-model';
import { saveModel } from '../../src/nlu/model/model-files';
import { forward, sublinearTf } from '../../src/nlu/model/network';
import { exportOnnx } from '../../src/nlu/model/onnx-export';
import { buildArtifacts } from '../../src/nlu/train/build-artifacts';
import { trainIntentModel } from '../../src/nlu/train/train-intent-model';
import { FAST_TRAINING, tempDir, tinyExamples } from './fixtures';

const TEXTS = [
  'I lost my card',
  'hello',
  'what time do you close on sunday',
  '',
  '😀😀',
  '我的银行卡丢了',
  'x'.repeat(300),
];

describe('ONNX export', () => {
  it.each([
    ['one hidden layer', {}],
    ['an extra dense layer and an ensemble of two', { hidden: [12], ensembleSize: 2 }],
  ])('matches the TypeScript forward pass within 1e-5 (%s)', async (_name, network) => {
    const examples = tinyExamples();
    const trained = await trainIntentModel(examples, {
      ...FAST_TRAINING,
      network: { ...FAST_TRAINING.network, ...network },
    });
    const dir = tempDir();
    saveModel(dir, buildArtifacts(trained, examples));
    const model = await IntentModel.load(dir);
    const featurizer = new Featurizer(trained.featurizer);
    try {
      for (const text of TEXTS) {
        const fromOnnx = (await model.classify(text)).probs;
        const f = featurizer.featurize(text);
        const fromTs = forward(trained.net, f.ids, sublinearTf(f.counts));
        expect(fromOnnx.length).toBe(fromTs.length);
        const maxDiff = Math.max(...fromTs.map((p, i) => Math.abs(p - (fromOnnx[i] as number))));
        expect(maxDiff).toBeLessThan(1e-5);
      }
    } finally {
      await model.close();
    }
  });

  it('writes the sparse form: int64 ids and float weights in, Gather on the embedding table', async () => {
    const trained = await trainIntentModel(tinyExamples(), FAST_TRAINING);
    const { onnx } = await import('onnx-proto');
    const graph = onnx.ModelProto.decode(exportOnnx(trained.net)).graph;
    expect(graph?.input?.map((i) => i.name)).toEqual(['ids', 'weights']);
    expect(graph?.node?.filter((n) => n.opType === 'Gather').length).toBe(3);
    expect(graph?.node?.some((n) => n.opType === 'Softmax')).toBe(true);
  });
});
