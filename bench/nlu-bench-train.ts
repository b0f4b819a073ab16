/**
 * Our training side of `npm run bench:nlu` (a child process): trains on CLINC150 train + oos_train, with
 * the threshold from cross-validation over that training data only, and writes the model folder.
 */
import { saveModel } from '../src/nlu/model/model-files';
import { buildArtifacts } from '../src/nlu/train/build-artifacts';
import { trainIntentModel } from '../src/nlu/train/train-intent-model';
import { type Clinc150, peakRssMb, runAsBenchChild } from './lib/nlu-bench-common';

/** Figures of the training process. */
export interface TrainFigures {
  trainingSeconds: number;
  /** CPU seconds of the whole training process (all threads): what the run costs without other load. */
  trainingCpuSeconds: number;
  peakRssMb: number;
  threshold: number;
  thresholdMethod: string;
  modelBytes: number;
  heldOutExamples: number;
}

/** Trains on `data.train` and writes the model into `dir`. */
export async function trainOurs(data: Clinc150, dir: string): Promise<TrainFigures> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const trained = await trainIntentModel(data.train, {});
  const artifacts = buildArtifacts(trained, data.train);
  saveModel(dir, artifacts);
  return {
    trainingSeconds: (performance.now() - started) / 1000,
    trainingCpuSeconds: (process.cpuUsage(cpuStart).user + process.cpuUsage(cpuStart).system) / 1e6,
    peakRssMb: peakRssMb(),
    threshold: trained.threshold,
    thresholdMethod: artifacts.manifest.thresholdMethod,
    modelBytes: artifacts.onnx.byteLength,
    heldOutExamples: trained.heldOut.length,
  };
}

runAsBenchChild(module, trainOurs);
