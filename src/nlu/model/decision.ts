/** The out-of-scope decision shared by the runtime, the evaluator and the threshold search. */

/** What the classifier says about one message before entities are attached. */
export interface Decision {
  /** Best in-scope class index. */
  topIndex: number;
  /** Probability of the best in-scope class. */
  topScore: number;
  /** True when the message is judged out of scope. */
  outOfScope: boolean;
}

/**
 * Out of scope when the out-of-scope class (if the model has one) is the most probable class, or when the
 * best in-scope probability is below `threshold`.
 */
export function decide(probs: ArrayLike<number>, oosIndex: number, threshold: number): Decision {
  let topIndex = -1;
  let topScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < probs.length; c++) {
    const p = probs[c] as number;
    if (c !== oosIndex && p > topScore) {
      topScore = p;
      topIndex = c;
    }
  }
  const oosScore = oosIndex >= 0 ? (probs[oosIndex] as number) : Number.NEGATIVE_INFINITY;
  return { topIndex, topScore, outOfScope: oosScore > topScore || topScore < threshold };
}
