/** Adam optimiser state for one dense parameter array (the embedding table uses row-wise AdaGrad instead). */
// Math's functions are read once: under Jest every `Math.x` lookup goes through a slow accessor (~150×).
const { sqrt } = Math;
export class AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;

  constructor(size: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** Updates `params` with `grads × scale` (e.g. 1 / batch size) and clears the gradients. */
  step(params: Float32Array, grads: Float32Array, step: AdamStep, scale: number): void {
    const { m, v } = this;
    const { lr, beta1, beta2, epsilon } = step;
    for (let i = 0; i < params.length; i++) {
      const g = (grads[i] as number) * scale;
      grads[i] = 0;
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = (params[i] as number) - (lr * mi) / (sqrt(vi) + epsilon);
    }
  }
}

/** One Adam step's constants; `lr` already includes bias correction. */
export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** The bias-corrected step constants of Adam's update number `t` (1-based). */
export function adamStep(learningRate: number, t: number): AdamStep {
  const correction = sqrt(1 - BETA2 ** t) / (1 - BETA1 ** t);
  return { lr: learningRate * correction, beta1: BETA1, beta2: BETA2, epsilon: EPSILON };
}
