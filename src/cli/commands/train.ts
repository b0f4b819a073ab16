/**
 * `switchboard train [--data FILE|DIR]... [--val FILE] [--out DIR] [--seed N] [--workers N] [--quiet]`
 *
 * Trains the intent classifier from the bot's data (default `models/nlu`) into a model folder (default
 * `models/acme`), with a progress bar showing epoch, loss and held-out accuracy.
 */
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { hasErrorCode } from '../../errors';
import { loadNluData } from '../../nlu/data/load-data';
import { saveModel } from '../../nlu/model/model-files';
import { buildArtifacts } from '../../nlu/train/build-artifacts';
import { type TrainProgressEvent, trainIntentModel } from '../../nlu/train/train-intent-model';

/** Where `train` reads data and writes the model when no option says otherwise. */
export const TRAIN_DEFAULTS = { data: 'models/nlu', out: 'models/acme' } as const;

const USAGE = `Usage: switchboard train [--data FILE|DIR]... [--val FILE] [--out DIR] [--seed N] [--workers N] [--quiet]
  --data     YAML/JSON/JSONL training data, file or folder (default ${TRAIN_DEFAULTS.data}); repeatable
  --val      JSONL/YAML validation data; the out-of-scope threshold is chosen on it (default: cross-validation)
  --out      model folder to write model.onnx + model.json into (default ${TRAIN_DEFAULTS.out})
  --seed     random seed (default 1); the same data and seed give the same model
  --workers  worker threads (default: one per core, at most 2; 0 = train on the main thread)
  --quiet    no progress bar
`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      data: { type: 'string', multiple: true },
      val: { type: 'string' },
      out: { type: 'string', default: TRAIN_DEFAULTS.out },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
}

function progressReporter(quiet: boolean): {
  onProgress?: (e: TrainProgressEvent) => void;
  stop: () => void;
} {
  if (quiet || !process.stderr.isTTY) {
    return {
      onProgress: quiet ? undefined : (e) => process.stderr.write(`${describe(e)}\n`),
      stop: () => {},
    };
  }
  const bar = new SingleBar({ format: '{bar} {percentage}% | {detail}', hideCursor: true }, undefined);
  let started = false;
  return {
    onProgress: (e) => {
      if (!started) bar.start(e.jobs * e.epochs, 0, { detail: '' });
      started = true;
      bar.increment(1, { detail: describe(e) });
    },
    stop: () => started && bar.stop(),
  };
}

function describe(e: TrainProgressEvent): string {
  const val = e.validationAccuracy === null ? '—' : `${(100 * e.validationAccuracy).toFixed(1)}%`;
  return `${e.stage} job ${e.job}/${e.jobs} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} val acc ${val}`;
}

/** Runs `switchboard train`; resolves with the exit code. */
export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const seed = Number(values.seed);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (!Number.isInteger(seed) || (workers !== undefined && !Number.isInteger(workers))) {
    process.stderr.write(`--seed and --workers take integers.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await train({
      data: values.data ?? [TRAIN_DEFAULTS.data],
      val: values.val,
      out: values.out,
      seed,
      workers,
      quiet: values.quiet,
    });
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}

async function train(o: {
  data: string[];
  val?: string;
  out: string;
  seed: number;
  workers?: number;
  quiet: boolean;
}): Promise<number> {
  const data = loadNluData(o.data);
  const validation =
    o.val === undefined ? undefined : loadNluData(o.val, { minExamplesPerIntent: 1 }).examples;
  const progress = progressReporter(o.quiet);
  let model: Awaited<ReturnType<typeof trainIntentModel>>;
  try {
    model = await trainIntentModel(data.examples, {
      network: { seed: o.seed },
      validation,
      workers: o.workers,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  const artifacts = buildArtifacts(model, data.examples, { entities: data.entities });
  saveModel(o.out, artifacts);
  const m = artifacts.manifest;
  const intents = m.labels.filter((_, i) => i !== m.oosIndex).length;
  process.stdout.write(
    `Trained ${intents} intents on ${m.examples} examples in ${m.trainingSeconds.toFixed(1)} s → ${o.out}\n` +
      `threshold ${m.threshold.toFixed(2)} (${m.thresholdMethod})\n` +
      `held-out: in-scope accuracy ${fmt(m.metrics.heldOutInScopeAccuracy)}, out-of-scope recall ${fmt(m.metrics.heldOutOosRecall)}\n`,
  );
  return 0;
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(100 * value).toFixed(1)}%`;
}
