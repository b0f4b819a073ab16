/**
 * Our serving side of `npm run bench:nlu` (a child process): loads the trained model folder with
 * onnxruntime-node in a fresh process, evaluates val at the model's own threshold and measures speed.
 */
import { evaluateModel } from '../src/nlu/eval/evaluate';
import { IntentModel } from '../src/nlu/intent-model';
import {
  type Clinc150,
  measureSpeed,
  type NluBenchFigures,
  peakRssMb,
  qualityFigures,
  runAsBenchChild,
} from './lib/nlu-bench-common';

/** Loads the model in `dir`, evaluates `data.val` at the model's own threshold and measures speed. */
export async function serveOurs(
  data: Clinc150,
  dir: string,
): Promise<
  Omit<NluBenchFigures, 'system' | 'trainingSeconds'> & { inScopeAccuracyWithoutThreshold: number }
> {
  const model = await IntentModel.load(dir);
  try {
    const evaluation = await evaluateModel(model, data.val);
    const speed = await measureSpeed(
      data.val.map((e) => e.text),
      (text) => model.classify(text),
    );
    return {
      ...qualityFigures(evaluation.predictions),
      threshold: model.threshold,
      // The sweep's first point is threshold 0: only the out-of-scope class can say out of scope.
      inScopeAccuracyWithoutThreshold: evaluation.sweep[0]?.inScopeAccuracy ?? Number.NaN,
      ...speed,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await model.close();
  }
}

runAsBenchChild(module, serveOurs);
