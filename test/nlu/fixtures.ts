/** Tiny NLU data and fast training settings shared by the NLU tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel } from '../../src/nlu/model/model-files';
import { buildArtifacts } from '../../src/nlu/train/build-artifacts';
import { type TrainIntentModelOptions, trainIntentModel } from '../../src/nlu/train/train-intent-model';
import type { LabeledExample } from '../../src/nlu/types';

const INTENTS: Record<string, string[]> = {
  greeting: ['hi', 'hello', 'hey there', 'good morning', 'hello bot', 'hi there', 'good evening', 'hey'],
  balance: [
    'what is my balance',
    'how much money do I have',
    'show my account balance',
    'check my balance',
    'balance please',
    'how much is in my account',
    'my current balance',
    'what is left in my account',
  ],
  lost_card: [
    'I lost my card',
    'my card was stolen',
    'block my card',
    'I cannot find my card',
    'report a lost card',
    'someone stole my card',
    'freeze my stolen card',
    'my card is missing',
  ],
  hours: [
    'when are you open',
    'opening hours',
    'what time do you close',
    'are you open on sunday',
    'what are your hours',
    'when does the branch open',
    'business hours',
    'are you open today',
  ],
  agent: [
    'talk to a human',
    'connect me to an agent',
    'I want a real person',
    'speak to someone',
    'human please',
    'get me an operator',
    'customer service agent',
    'let me talk to staff',
  ],
};

const OUT_OF_SCOPE = [
  'tell me a joke',
  'what is the weather',
  'play some music',
  'who won the game',
  'recipe for soup',
  'how tall is everest',
];

/** Labelled examples of the tiny data set (with `oos` examples when asked). */
export function tinyExamples(withOos = true): LabeledExample[] {
  const examples = Object.entries(INTENTS).flatMap(([intent, texts]) =>
    texts.map((text) => ({ text, intent })),
  );
  return withOos ? [...examples, ...OUT_OF_SCOPE.map((text) => ({ text, intent: 'oos' }))] : examples;
}

/** Training options that make a tiny model in well under a second, on the test's own thread. */
export const FAST_TRAINING: TrainIntentModelOptions = {
  network: { dim: 16, epochs: 30, seed: 7 },
  featurizer: { buckets: 1 << 12 },
  folds: 3,
  workers: 0,
};

/** A fresh temporary folder. */
export function tempDir(prefix = 'swb-nlu-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Trains the tiny model and writes it into a new (or the given) folder; returns the folder. */
export async function trainTinyModel(
  options: TrainIntentModelOptions = {},
  dir = tempDir(),
  examples: LabeledExample[] = tinyExamples(),
): Promise<string> {
  const merged = { ...FAST_TRAINING, ...options, network: { ...FAST_TRAINING.network, ...options.network } };
  const model = await trainIntentModel(examples, merged);
  saveModel(dir, buildArtifacts(model, examples, { trainedAt: new Date('2026-01-01T00:00:00Z') }));
  return dir;
}
