/**
 * The classifier network and its TypeScript forward pass (the reference the ONNX graph must match).
 *
 * One ensemble member: hashed feature ids → vocabulary row → weighted sum of embedding rows (an
 * embedding bag; the weights are sublinear tf × idf, L2-normalised) → bias + ReLU → optional dense
 * hidden layers with ReLU → output layer → softmax. The ensemble averages the members' probabilities.
 */
// Math's functions are read once: under Jest every `Math.x` lookup goes through a slow accessor (~150×).
const { exp, fround, log, sqrt } = Math;

/** One dense layer: `out = in · weights + bias`, `weights` row-major `[inputs, outputs]`. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** One ensemble member's parameters. */
export interface MemberWeights {
  /** Embedding table `[rows, dim]`, row-major; row 0 is the all-zero unknown-feature row. */
  embedding: Float32Array;
  /** Bias added to the embedding bag before the first ReLU, `[dim]`. */
  embeddingBias: Float32Array;
  /** Hidden layers (each followed by ReLU), then the output layer (followed by softmax). */
  layers: DenseLayer[];
}

/** Everything needed to turn hashed feature ids into class probabilities. */
export interface NetworkWeights {
  /** Hash buckets of the featurizer; the remap table has `buckets + 1` entries (the last one pads). */
  buckets: number;
  /** Bucket id → vocabulary row (0 = unknown). */
  remap: Int32Array;
  /** Per-row inverse document frequency; row 0 carries the unknown features' idf. */
  idf: Float32Array;
  /** Number of vocabulary rows (including the unknown row 0). */
  rows: number;
  /** Embedding width. */
  dim: number;
  classes: number;
  members: MemberWeights[];
}

/** Smallest L2 norm divided by, so an empty message gives a zero bag instead of NaN. */
export const NORM_EPSILON = 1e-6;

/** Sublinear term frequency `1 + ln(count)`: the weight the runtime feeds for each active feature id. */
export function sublinearTf(counts: Float32Array): Float32Array {
  const out = new Float32Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = 1 + log(counts[i] as number);
  return out;
}

/**
 * Vocabulary rows and final input weights (tf × idf / L2 norm) of one message, as the graph computes them.
 * Unknown features keep their idf in the norm but point at the zero row, so an unfamiliar message
 * produces a small bag (low confidence) instead of a confident one built on its few known n-grams.
 */
export function inputWeights(
  net: Pick<NetworkWeights, 'remap' | 'idf'>,
  ids: ArrayLike<number>,
  tf: ArrayLike<number>,
): { rows: Int32Array; values: Float32Array } {
  const rows = new Int32Array(ids.length);
  const values = new Float32Array(ids.length);
  let sumSquares = 0;
  for (let i = 0; i < ids.length; i++) {
    const row = net.remap[ids[i] as number] as number;
    rows[i] = row;
    const v = fround((tf[i] as number) * (net.idf[row] as number));
    values[i] = v;
    sumSquares += v * v;
  }
  const norm = sqrt(sumSquares) + NORM_EPSILON;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / norm;
  return { rows, values };
}

function relu(v: Float32Array): void {
  for (let i = 0; i < v.length; i++) if ((v[i] as number) < 0) v[i] = 0;
}

/** `out = input · layer.weights + layer.bias`. */
export function denseForward(layer: DenseLayer, input: Float32Array, out: Float32Array): void {
  out.set(layer.bias);
  const { outputs, weights } = layer;
  for (let i = 0; i < layer.inputs; i++) {
    const x = input[i] as number;
    if (x === 0) continue;
    const base = i * outputs;
    for (let j = 0; j < outputs; j++) out[j] = (out[j] as number) + x * (weights[base + j] as number);
  }
}

/** Softmax of `logits` in place. */
export function softmaxInPlace(logits: Float32Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = exp((logits[i] as number) - max);
    logits[i] = e;
    sum += e;
  }
  for (let i = 0; i < logits.length; i++) logits[i] = (logits[i] as number) / sum;
}

/** Probabilities of one member for a message given as vocabulary rows and final input weights. */
export function memberForward(
  member: MemberWeights,
  dim: number,
  input: { rows: Int32Array; values: Float32Array },
): Float32Array {
  let h = new Float32Array(member.embeddingBias);
  for (let k = 0; k < input.rows.length; k++) {
    const base = (input.rows[k] as number) * dim;
    const w = input.values[k] as number;
    for (let j = 0; j < dim; j++) h[j] = (h[j] as number) + w * (member.embedding[base + j] as number);
  }
  relu(h);
  member.layers.forEach((layer, index) => {
    const out = new Float32Array(layer.outputs);
    denseForward(layer, h, out);
    if (index < member.layers.length - 1) relu(out);
    h = out;
  });
  softmaxInPlace(h);
  return h;
}

/** Ensemble-averaged class probabilities for hashed feature `ids` with sublinear tf weights. */
export function forward(net: NetworkWeights, ids: ArrayLike<number>, tf: ArrayLike<number>): Float32Array {
  const input = inputWeights(net, ids, tf);
  const probs = new Float32Array(net.classes);
  for (const member of net.members) {
    const p = memberForward(member, net.dim, input);
    for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) + (p[c] as number);
  }
  for (let c = 0; c < probs.length; c++) probs[c] = (probs[c] as number) / net.members.length;
  return probs;
}
