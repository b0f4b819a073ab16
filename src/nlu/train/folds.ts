/** Stratified, seeded folds for cross-validation. */
import { SeededRandom } from './random';

/**
 * Assigns each example to one of `k` folds so every class is spread evenly; deterministic for a seed.
 * Returns the fold index of each example.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const members = byClass.get(label);
    if (members === undefined) byClass.set(label, [i]);
    else members.push(i);
  }
  const rng = new SeededRandom(seed);
  const folds = new Int32Array(labels.length);
  let offset = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(label) as number[]);
    // Rotating the start keeps small classes from always landing in the first folds.
    members.forEach((index, position) => {
      folds[index] = (position + offset) % k;
    });
    offset += members.length;
  }
  return folds;
}
