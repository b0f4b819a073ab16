/**
 * NLP.js side of `npm run bench:nlu` (node-nlp, a benchmark-only dev dependency): the same training data
 * (out-of-scope examples as its `None` intent), its own default threshold (0.5), the same val messages.
 */
import { OOS_LABEL } from '../src/nlu/types';
import {
  type Clinc150,
  measureSpeed,
  type NluBenchFigures,
  peakRssMb,
  qualityFigures,
  runAsBenchChild,
} from './lib/nlu-bench-common';

/** The part of node-nlp's `NlpManager` the benchmark uses (node-nlp ships no types). */
interface NlpManager {
  addDocument(locale: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<{ intent: string; score: number }>;
}

const NLPJS_NONE = 'None';
const NLPJS_DEFAULT_THRESHOLD = 0.5;

/** Trains and measures NLP.js. */
export async function runNlpjs(data: Clinc150): Promise<NluBenchFigures> {
  const { NlpManager: Manager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpManager };
  const manager = new Manager({ languages: ['en'], forceNER: false, autoSave: false, nlu: { log: false } });
  const started = performance.now();
  for (const e of data.train)
    manager.addDocument('en', e.text, e.intent === OOS_LABEL ? NLPJS_NONE : e.intent);
  await manager.train();
  const trainingSeconds = (performance.now() - started) / 1000;
  const predictions = [];
  for (const e of data.val) {
    const result = await manager.process('en', e.text);
    const predicted = result.intent === NLPJS_NONE ? OOS_LABEL : result.intent;
    predictions.push({ gold: e.intent, predicted, topScore: result.score });
  }
  const speed = await measureSpeed(
    data.val.map((e) => e.text),
    (text) => manager.process('en', text),
  );
  return {
    system: 'NLP.js 4 (node-nlp)',
    ...qualityFigures(predictions),
    threshold: NLPJS_DEFAULT_THRESHOLD,
    trainingSeconds,
    ...speed,
    peakRssMb: peakRssMb(),
  };
}

runAsBenchChild(module, runNlpjs);
