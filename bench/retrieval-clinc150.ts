/**
 * Answer-retrieval benchmark on CLINC150 (`npm run bench:retrieval`).
 *
 * Knowledge base: one FAQ entry per intent whose phrasings are 5 of the intent's training examples
 * (seeded shuffle of train.jsonl; the first is the question, the other 4 the alternatives). Queries:
 * val.jsonl; out-of-scope queries must get "no answer". The threshold is chosen WITHOUT val.jsonl:
 * k-fold over the KB's own phrasings plus oos_train.jsonl as negatives (see src/retrieval/threshold.ts).
 * Scale: the same KB plus synthetic entries up to 10,000 (see bench/retrieval-synthetic.ts).
 *
 * Env: SWITCHBOARD_DATASETS (folder holding clinc150/), BENCH_PHRASINGS (default "5,10,20"), BENCH_SEED.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Featurizer } from '../src/nlu/featurizer';
import { AnswerRetriever } from '../src/retrieval/answer-retriever';
import type { FaqEntry } from '../src/retrieval/knowledge-base';
import { fmt, summarize } from './lib/stats';
import { seededRandom, shuffled, synthesizeEntries } from './retrieval-synthetic';

interface Example {
  text: string;
  intent: string;
}

const DATASETS = process.env['SWITCHBOARD_DATASETS'] ?? join(__dirname, '..', '..', 'shared', 'datasets');
const SEED = Number(process.env['BENCH_SEED'] ?? 42);
const PHRASING_COUNTS = (process.env['BENCH_PHRASINGS'] ?? '5,10,20').split(',').map(Number);
const SCALE_ENTRIES = 10_000;
const TOP_K = 3;
const MRR_DEPTH = 10;
const WARMUP_QUERIES = 200;
/** Latency and build are measured this many times; the best pass is reported (see latency()). */
const PASSES = 3;

function readJsonl(name: string): Example[] {
  const text = readFileSync(join(DATASETS, 'clinc150', name), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Example);
}

function buildKnowledgeBase(train: readonly Example[], phrasings: number, seed: number): FaqEntry[] {
  const byIntent = new Map<string, string[]>();
  for (const { text, intent } of train) byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
  const random = seededRandom(seed);
  return [...byIntent.entries()].map(([intent, texts], i) => {
    const chosen = shuffled(texts, random).slice(0, phrasings);
    return {
      id: intent,
      question: chosen[0] as string,
      alternatives: chosen.slice(1),
      answer: { default: `Answer ${i}.` },
      tags: [],
      source: { file: 'clinc150/train.jsonl', line: 0 },
    };
  });
}

interface Quality {
  top1: number;
  top3: number;
  mrr: number;
  inScopeAccuracy: number;
  noAnswerPrecision: number;
  noAnswerRecall: number;
}

function evaluate(
  retriever: AnswerRetriever,
  queries: readonly Example[],
): { quality: Quality; latenciesMs: number[] } {
  let top1 = 0,
    top3 = 0,
    rr = 0,
    inScopeCorrect = 0,
    inScope = 0,
    refused = 0,
    refusedOos = 0,
    oos = 0;
  const latenciesMs: number[] = [];
  for (const q of queries.slice(0, WARMUP_QUERIES)) retriever.retrieve(q.text, { topK: MRR_DEPTH });
  for (const query of queries) {
    const started = performance.now();
    const result = retriever.retrieve(query.text, { topK: MRR_DEPTH });
    latenciesMs.push(performance.now() - started);
    if (!result.answered) refused++;
    if (query.intent === 'oos') {
      oos++;
      if (!result.answered) refusedOos++;
      continue;
    }
    inScope++;
    const rank = result.matches.findIndex((m) => m.entryId === query.intent);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < TOP_K) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank === 0 && result.answered) inScopeCorrect++;
  }
  const quality = {
    top1: top1 / inScope,
    top3: top3 / inScope,
    mrr: rr / inScope,
    inScopeAccuracy: inScopeCorrect / inScope,
    noAnswerPrecision: refused === 0 ? 0 : refusedOos / refused,
    noAnswerRecall: refusedOos / oos,
  };
  return { quality, latenciesMs };
}

/** Measures only the retrieve() latency with topK 3, the way the dialogs call it. */
/** CPU time of this process in milliseconds (excludes time spent descheduled by other processes). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * retrieve() latency with topK 3, the way the dialogs call it: every val query, in PASSES passes;
 * the pass with the lowest wall-clock p99 is kept, because on a shared machine a pass's tail
 * measures the neighbours' load as much as the retriever (all passes are in the JSON line). The CPU
 * time of each query is recorded too: it is what the retriever costs whatever the load.
 */
function latency(retriever: AnswerRetriever, queries: readonly Example[]) {
  for (const q of queries.slice(0, WARMUP_QUERIES)) retriever.retrieve(q.text, { topK: TOP_K });
  const passes = Array.from({ length: PASSES }, () => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const q of queries) {
      const startedCpu = cpuMs();
      const started = performance.now();
      retriever.retrieve(q.text, { topK: TOP_K });
      wall.push(performance.now() - started);
      cpu.push(cpuMs() - startedCpu);
    }
    return { wall: summarize(wall), cpu: summarize(cpu) };
  });
  const best = passes.reduce((a, b) => (b.wall.p99 < a.wall.p99 ? b : a));
  return { ...best, p99PassesMs: passes.map((p) => p.wall.p99) };
}

function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const startedCpu = cpuMs();
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started, cpuMs: cpuMs() - startedCpu };
}

interface Row {
  setting: string;
  entries: number;
  phrasings: number;
  threshold: number;
  buildMs: number;
  buildPassesMs: number[];
  buildCpuMs: number;
  calibrationMs: number;
  quality: Quality;
  p50Ms: number;
  p99Ms: number;
  p99PassesMs: number[];
  cpuP50Ms: number;
  cpuP99Ms: number;
}

interface RunOptions {
  label: string;
  phrasings: number;
  negatives: readonly string[];
  /** Expected share of unanswerable messages for the threshold (default: balanced). */
  outOfScopeShare?: number;
}

function run(entries: FaqEntry[], queries: readonly Example[], options: RunOptions): Row {
  const { label, phrasings, negatives, outOfScopeShare } = options;
  process.stderr.write(`${label}…\n`);
  const featurizer = new Featurizer();
  const calibrated = timed(() =>
    AnswerRetriever.create(entries, { featurizer, calibration: { negatives, outOfScopeShare } }),
  );
  // Index build alone (threshold fixed, so no calibration runs); best of PASSES builds.
  const builds = Array.from({ length: PASSES }, () =>
    timed(() => AnswerRetriever.create(entries, { featurizer, threshold: calibrated.value.threshold })),
  );
  const built = builds.reduce((a, b) => (b.ms < a.ms ? b : a));
  const { quality } = evaluate(built.value, queries);
  const { wall, cpu, p99PassesMs } = latency(built.value, queries);
  return {
    setting: label,
    entries: entries.length,
    phrasings,
    threshold: calibrated.value.threshold,
    buildMs: built.ms,
    buildPassesMs: builds.map((b) => b.ms),
    buildCpuMs: built.cpuMs,
    calibrationMs: calibrated.ms - built.ms,
    quality,
    p50Ms: wall.p50,
    p99Ms: wall.p99,
    p99PassesMs,
    cpuP50Ms: cpu.p50,
    cpuP99Ms: cpu.p99,
  };
}

function printTable(rows: readonly Row[]): void {
  const pct = (x: number) => `${fmt(100 * x, 1)} %`;
  console.log(
    '| setting | top-1 | top-3 | MRR | in-scope acc. | no-answer P / R | threshold | p50 / p99 ms | CPU p50 / p99 ms | build ms (CPU) | calibration ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const q = r.quality;
    console.log(
      `| ${r.setting} | ${pct(q.top1)} | ${pct(q.top3)} | ${fmt(q.mrr, 3)} | ${pct(q.inScopeAccuracy)} | ${pct(q.noAnswerPrecision)} / ${pct(q.noAnswerRecall)} | ${fmt(r.threshold, 3)} | ${fmt(r.p50Ms, 3)} / ${fmt(r.p99Ms, 3)} | ${fmt(r.cpuP50Ms, 3)} / ${fmt(r.cpuP99Ms, 3)} | ${fmt(r.buildMs, 0)} (${fmt(r.buildCpuMs, 0)}) | ${fmt(r.calibrationMs, 0)} |`,
    );
  }
}

function main(): void {
  const train = readJsonl('train.jsonl');
  const val = readJsonl('val.jsonl');
  const oosTrain = readJsonl('oos_train.jsonl').map((e) => e.text);
  const negatives = oosTrain;
  const rows: Row[] = [];
  for (const phrasings of PHRASING_COUNTS) {
    const label = `150 entries, ${phrasings} phrasings`;
    rows.push(run(buildKnowledgeBase(train, phrasings, SEED), val, { label, phrasings, negatives }));
  }
  // The same KB with the threshold weighted by the out-of-scope share of the *training* data.
  const trainShare = oosTrain.length / (oosTrain.length + train.length);
  rows.push(
    run(buildKnowledgeBase(train, 5, SEED), val, {
      label: `150 entries, 5 phrasings, out-of-scope share ${fmt(100 * trainShare, 2)} % (train)`,
      phrasings: 5,
      negatives,
      outOfScopeShare: trainShare,
    }),
  );
  const base = buildKnowledgeBase(train, 5, SEED);
  const synthetic = synthesizeEntries(
    train.map((e) => e.text),
    SCALE_ENTRIES - base.length,
    SEED + 1,
  );
  const label = `${SCALE_ENTRIES} entries (150 + ${synthetic.length} synthetic), 5 phrasings`;
  rows.push(run([...base, ...synthetic], val, { label, phrasings: 5, negatives }));
  printTable(rows);
  const meta = {
    benchmark: 'retrieval-clinc150',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: loadavg(),
    seed: SEED,
  };
  console.log(JSON.stringify({ ...meta, rows }));
}

main();
