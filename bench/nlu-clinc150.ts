/**
 * NLU benchmark on CLINC150 (`npm run bench:nlu`): Switchboard's ONNX classifier against NLP.js, both
 * trained on train.jsonl + oos_train.jsonl and evaluated on val.jsonl in the same run. Each system runs in
 * its own child process, so peak RSS and timings are its own; ours trains in one process and serves from
 * the written model folder in another, as deployed.
 *
 * Our out-of-scope threshold never sees val.jsonl: it is chosen on a stratified fold held out of the
 * training data (see src/nlu/train/plan.ts). NLP.js uses its default threshold (0.5).
 *
 * Env: SWITCHBOARD_DATASETS (folder holding clinc150/), BENCH_NLU_SYSTEMS (default "ours,nlpjs").
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NluBenchFigures } from './lib/nlu-bench-common';
import { fmt } from './lib/stats';
import type { TrainFigures } from './nlu-bench-train';

type Child = 'ours-train' | 'ours-serve' | 'nlpjs';
type Row = NluBenchFigures & { details?: Record<string, unknown> };

const CHILD_FILES: Record<Child, string> = {
  'ours-train': join(__dirname, 'nlu-bench-train.ts'),
  'ours-serve': join(__dirname, 'nlu-bench-serve.ts'),
  nlpjs: join(__dirname, 'nlu-bench-nlpjs.ts'),
};

function spawn<T>(child: Child, arg = ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = fork(CHILD_FILES[child], [arg], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    proc.once('message', (message) => resolve(message as T));
    proc.once('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`${child} benchmark exited with ${code}`)),
    );
  });
}

/** Ours: training and serving in separate processes, as deployed (`switchboard train`, then the server). */
async function runOurs(): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-nlu-'));
  try {
    const train = await spawn<TrainFigures>('ours-train', dir);
    const serve = await spawn<
      Omit<NluBenchFigures, 'system' | 'trainingSeconds'> & { inScopeAccuracyWithoutThreshold: number }
    >('ours-serve', dir);
    return {
      system: 'Switchboard (ONNX)',
      ...serve,
      trainingSeconds: train.trainingSeconds,
      peakRssMb: Math.max(train.peakRssMb, serve.peakRssMb),
      details: {
        ...train,
        servePeakRssMb: serve.peakRssMb,
        trainPeakRssMb: train.peakRssMb,
        inScopeAccuracyWithoutThreshold: serve.inScopeAccuracyWithoutThreshold,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ROWS: [string, (f: Row) => string][] = [
  ['In-scope accuracy (val)', (f) => `${fmt(100 * f.inScopeAccuracy)} %`],
  [
    'In-scope accuracy without threshold',
    (f) =>
      f.details === undefined ? '—' : `${fmt(100 * Number(f.details['inScopeAccuracyWithoutThreshold']))} %`,
  ],
  ['Out-of-scope recall (val)', (f) => `${fmt(100 * f.oosRecall, 1)} %`],
  ['Accuracy, all 151 classes', (f) => `${fmt(100 * f.accuracy)} %`],
  ['Macro-F1', (f) => `${fmt(100 * f.macroF1)} %`],
  ['Threshold', (f) => (f.threshold === null ? '—' : fmt(f.threshold))],
  ['Training time (wall)', (f) => `${fmt(f.trainingSeconds, 1)} s`],
  [
    'Training CPU time, all threads',
    (f) => (f.details === undefined ? '—' : `${fmt(Number(f.details['trainingCpuSeconds']), 1)} s`),
  ],
  ['Latency p50 / p99', (f) => `${fmt(f.p50Ms, 3)} / ${fmt(f.p99Ms, 3)} ms`],
  ['Messages per second (1 thread)', (f) => fmt(f.messagesPerSecond, 0)],
  ['Peak RSS (training / serving process)', (f) => peakCell(f)],
];

function peakCell(f: Row): string {
  const d = f.details;
  if (d === undefined) return `${fmt(f.peakRssMb, 0)} MB (one process)`;
  return `${fmt(Number(d['trainPeakRssMb']), 0)} / ${fmt(Number(d['servePeakRssMb']), 0)} MB`;
}

function table(results: Row[]): string {
  const header = `| Figure | ${results.map((r) => r.system).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const lines = ROWS.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`);
  return [header, rule, ...lines].join('\n');
}

async function main(): Promise<void> {
  const systems = (process.env['BENCH_NLU_SYSTEMS'] ?? 'ours,nlpjs').split(',');
  process.stdout.write(
    `CLINC150 (train + oos_train → val), ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString()}\n`,
  );
  const results: Row[] = [];
  // One after the other: concurrent runs would share the two cores and distort every timing.
  for (const system of systems) results.push(system === 'ours' ? await runOurs() : await spawn<Row>('nlpjs'));
  process.stdout.write(`\n${table(results)}\n\n`);
  for (const r of results)
    if (r.details !== undefined) process.stdout.write(`${r.system}: ${JSON.stringify(r.details)}\n`);
  const summary = Object.fromEntries(results.map(({ details: _d, ...r }) => [r.system, r]));
  process.stdout.write(`${JSON.stringify({ benchmark: 'nlu-clinc150', results: summary })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
