/** Shared parts of the NLU benchmark: CLINC150 loading, the figures each system reports, timing loops. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeMetrics, type ScoredPrediction } from '../../src/nlu/eval/metrics';
import { type LabeledExample, OOS_LABEL } from '../../src/nlu/types';
import { summarize } from './stats';

/** Folder holding `clinc150/`; override with `SWITCHBOARD_DATASETS`. */
export const DATASETS =
  process.env['SWITCHBOARD_DATASETS'] ?? join(__dirname, '..', '..', '..', 'shared', 'datasets');

/** Every figure the benchmark prints for one system. */
export interface NluBenchFigures {
  system: string;
  inScopeAccuracy: number;
  oosRecall: number;
  accuracy: number;
  macroF1: number;
  threshold: number | null;
  trainingSeconds: number;
  p50Ms: number;
  p99Ms: number;
  messagesPerSecond: number;
  peakRssMb: number;
}

/** The CLINC150 splits the benchmark uses. */
export interface Clinc150 {
  train: LabeledExample[];
  val: LabeledExample[];
}

function readJsonl(name: string): LabeledExample[] {
  return readFileSync(join(DATASETS, 'clinc150', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabeledExample);
}

/** Train = `train.jsonl` + `oos_train.jsonl`; evaluation = `val.jsonl`. */
export function loadClinc150(): Clinc150 {
  return {
    train: [...readJsonl('train.jsonl'), ...readJsonl('oos_train.jsonl')],
    val: readJsonl('val.jsonl'),
  };
}

/** Accuracy figures from gold/predicted pairs (`oos` = out of scope). */
export function qualityFigures(
  predictions: ScoredPrediction[],
): Pick<NluBenchFigures, 'inScopeAccuracy' | 'oosRecall' | 'accuracy' | 'macroF1'> {
  const m = computeMetrics(predictions);
  return {
    inScopeAccuracy: m.inScopeAccuracy,
    oosRecall: m.oosRecall ?? 0,
    accuracy: m.accuracy,
    macroF1: m.macroF1,
  };
}

/** Messages classified one after another for timing; the first {@link WARM_UP} are not timed. */
const WARM_UP = 200;
/** Each throughput loop runs at least this long. */
const THROUGHPUT_MS = 1500;
/**
 * Timing rounds; each figure is the best round's. The VM is shared with other jobs, and the best of a few
 * rounds is what the code can do rather than what the neighbours left it.
 */
const ROUNDS = 3;

async function latencyRound(
  texts: readonly string[],
  classify: (text: string) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  for (const text of texts) {
    const start = performance.now();
    await classify(text);
    latencies.push(performance.now() - start);
  }
  return summarize(latencies);
}

async function throughputRound(
  texts: readonly string[],
  classify: (text: string) => Promise<unknown>,
): Promise<number> {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < THROUGHPUT_MS) {
    for (let i = 0; i < 100; i++) await classify(texts[(count + i) % texts.length] as string);
    count += 100;
  }
  return count / ((performance.now() - start) / 1000);
}

/** Single-message latency (p50/p99, ms) and sequential messages per second on one thread, best of 3 rounds. */
export async function measureSpeed(
  texts: readonly string[],
  classify: (text: string) => Promise<unknown>,
): Promise<Pick<NluBenchFigures, 'p50Ms' | 'p99Ms' | 'messagesPerSecond'>> {
  for (let i = 0; i < WARM_UP; i++) await classify(texts[i % texts.length] as string);
  const best = { p50Ms: Number.POSITIVE_INFINITY, p99Ms: Number.POSITIVE_INFINITY, messagesPerSecond: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const { p50, p99 } = await latencyRound(texts, classify);
    best.p50Ms = Math.min(best.p50Ms, p50);
    best.p99Ms = Math.min(best.p99Ms, p99);
    best.messagesPerSecond = Math.max(best.messagesPerSecond, await throughputRound(texts, classify));
  }
  return best;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Gold label of an example as the metrics expect it. */
export function goldLabel(example: LabeledExample): string {
  return example.intent === OOS_LABEL ? OOS_LABEL : example.intent;
}

/**
 * Runs `main` when this file is a child process forked by `bench/nlu-clinc150.ts`: sends its result to
 * the parent and exits. Each benchmark child is its own file, so it loads only what it measures.
 */
export function runAsBenchChild(
  module: NodeJS.Module,
  main: (data: Clinc150, arg: string) => Promise<unknown>,
): void {
  if (require.main !== module || process.send === undefined) return;
  main(loadClinc150(), process.argv[2] ?? '').then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
