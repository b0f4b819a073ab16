/**
 * Trains one ensemble member: row-wise AdaGrad on the embedding rows of each message (sparse, per
 * message), minibatch Adam on the small dense layers, feature and hidden dropout, label smoothing and
 * weight averaging over the last epochs. Deterministic for a seed.
 */
import type { DenseLayer, MemberWeights } from '../model/network';
import { AdamState, adamStep } from './adam';
import type { NetworkOptions } from './hyperparameters';
import { SeededRandom } from './random';
import type { EncodedSet } from './vocabulary';

// Math's functions are read once: under Jest every `Math.x` lookup goes through a slow accessor (~150×).
const { ceil, exp, log, max: maxOf, min, sqrt } = Math;

/** Per-epoch progress of one member. */
export interface EpochReport {
  epoch: number;
  loss: number;
}

/** Keeps row-wise AdaGrad's first steps bounded. */
const ADAGRAD_EPSILON = 1e-10;

interface LayerState {
  layer: DenseLayer;
  grad: Float32Array;
  gradBias: Float32Array;
  adam: AdamState;
  adamBias: AdamState;
  /** Activations after ReLU and dropout (the input of the next layer). */
  act: Float32Array;
  /** Dropout scale per unit: 0 when dropped, 1/(1-p) when kept. */
  mask: Float32Array;
  delta: Float32Array;
}

function xavierLayer(inputs: number, outputs: number, rng: SeededRandom): DenseLayer {
  const limit = sqrt(6 / (inputs + outputs));
  const weights = new Float32Array(inputs * outputs);
  for (let i = 0; i < weights.length; i++) weights[i] = (rng.next() * 2 - 1) * limit;
  return { inputs, outputs, weights, bias: new Float32Array(outputs) };
}

/** Trains one member on an encoded set. Create, call {@link train} once, read the weights. */
export class MemberTrainer {
  readonly weights: MemberWeights;
  private readonly rng: SeededRandom;
  private readonly dim: number;
  private readonly gradEmbeddingBias: Float32Array;
  private readonly adamEmbeddingBias: AdamState;
  /** Row-wise AdaGrad accumulators of the embedding table (one per row, as in large recommender models). */
  private readonly rowSquares: Float32Array;
  private embeddingLr = 0;
  private readonly bag: LayerState;
  private readonly layers: LayerState[];
  private readonly probs: Float32Array;
  private readonly activeRows: Int32Array;
  private readonly activeValues: Float32Array;
  private step = 0;
  private averages: Float32Array[] | undefined;
  private averaged = 0;

  constructor(
    private readonly options: NetworkOptions & { rows: number; classes: number; maxFeatures: number },
    seed: number,
  ) {
    this.rng = new SeededRandom(seed);
    this.dim = options.dim;
    const embedding = new Float32Array(options.rows * options.dim);
    for (let i = options.dim; i < embedding.length; i++) embedding[i] = this.rng.normal() * options.initScale;
    const sizes = [options.dim, ...options.hidden, options.classes];
    const dense = sizes.slice(1).map((out, i) => xavierLayer(sizes[i] as number, out, this.rng));
    this.weights = { embedding, embeddingBias: new Float32Array(options.dim), layers: dense };
    this.gradEmbeddingBias = new Float32Array(options.dim);
    this.adamEmbeddingBias = new AdamState(options.dim);
    this.rowSquares = new Float32Array(options.rows);
    this.bag = this.layerState({
      inputs: 0,
      outputs: options.dim,
      weights: new Float32Array(0),
      bias: new Float32Array(0),
    });
    this.layers = dense.map((layer) => this.layerState(layer));
    this.probs = new Float32Array(options.classes);
    this.activeRows = new Int32Array(options.maxFeatures);
    this.activeValues = new Float32Array(options.maxFeatures);
  }

  private layerState(layer: DenseLayer): LayerState {
    const n = layer.outputs;
    return {
      layer,
      grad: new Float32Array(layer.weights.length),
      gradBias: new Float32Array(n),
      adam: new AdamState(layer.weights.length),
      adamBias: new AdamState(n),
      act: new Float32Array(n),
      mask: new Float32Array(n).fill(1),
      delta: new Float32Array(n),
    };
  }

  /** Runs every epoch; `onEpoch` is called after each with the mean training loss. */
  train(data: EncodedSet, onEpoch?: (report: EpochReport) => void): MemberWeights {
    const { epochs, batchSize } = this.options;
    const order = Int32Array.from({ length: data.size }, (_, i) => i);
    const totalBatches = epochs * ceil(data.size / batchSize);
    this.embeddingLr = this.options.embeddingLearningRate;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      this.rng.shuffle(order);
      let loss = 0;
      for (let start = 0; start < data.size; start += batchSize) {
        const end = min(start + batchSize, data.size);
        for (let k = start; k < end; k++) loss += this.example(data, order[k] as number);
        this.update(totalBatches, end - start);
      }
      if (epoch > epochs - this.options.averageLastEpochs) this.accumulateAverage();
      onEpoch?.({ epoch, loss: loss / data.size });
    }
    return this.finishAverage();
  }

  /** Adds the current weights to the running average of the last epochs (stochastic weight averaging). */
  private accumulateAverage(): void {
    const params = this.parameterArrays();
    if (this.averages === undefined) this.averages = params.map((p) => new Float32Array(p.length));
    this.averaged++;
    params.forEach((p, k) => {
      const avg = this.averages?.[k] as Float32Array;
      for (let i = 0; i < p.length; i++) avg[i] = (avg[i] as number) + (p[i] as number);
    });
  }

  private finishAverage(): MemberWeights {
    if (this.averages === undefined || this.averaged < 2) return this.weights;
    const n = this.averaged;
    this.parameterArrays().forEach((p, k) => {
      const avg = this.averages?.[k] as Float32Array;
      for (let i = 0; i < p.length; i++) p[i] = (avg[i] as number) / n;
    });
    return this.weights;
  }

  private parameterArrays(): Float32Array[] {
    const { embedding, embeddingBias, layers } = this.weights;
    return [embedding, embeddingBias, ...layers.flatMap((l) => [l.weights, l.bias])];
  }

  /** Forward + backward for one message; accumulates gradients and returns its loss. */
  private example(data: EncodedSet, index: number): number {
    const active = this.dropFeatures(data, index);
    this.forwardBag(active);
    let input = this.bag.act;
    const last = this.layers.length - 1;
    this.layers.forEach((state, i) => {
      this.forwardDense(state, input, i < last);
      input = state.act;
    });
    const loss = this.outputDelta(data.labels[index] as number);
    for (let i = last; i >= 0; i--) {
      const state = this.layers[i] as LayerState;
      const below = i === 0 ? this.bag : (this.layers[i - 1] as LayerState);
      this.backwardDense(state, below);
    }
    this.backwardBag(active);
    return loss;
  }

  private dropFeatures(data: EncodedSet, index: number): number {
    const p = this.options.featureDropout;
    let n = 0;
    for (let k = data.offsets[index] as number; k < (data.offsets[index + 1] as number); k++) {
      if (p > 0 && this.rng.next() < p) continue;
      this.activeRows[n] = data.rows[k] as number;
      this.activeValues[n++] = data.values[k] as number;
    }
    return n;
  }

  private forwardBag(active: number): void {
    const { dim } = this;
    const h = this.bag.act;
    const { embedding, embeddingBias } = this.weights;
    h.set(embeddingBias);
    for (let k = 0; k < active; k++) {
      const base = (this.activeRows[k] as number) * dim;
      const w = this.activeValues[k] as number;
      for (let j = 0; j < dim; j++) h[j] = (h[j] as number) + w * (embedding[base + j] as number);
    }
    this.reluDropout(this.bag);
  }

  private reluDropout(state: LayerState): void {
    const p = this.options.hiddenDropout;
    const keep = 1 / (1 - p);
    const { act, mask } = state;
    for (let j = 0; j < act.length; j++) {
      const m = (act[j] as number) <= 0 || (p > 0 && this.rng.next() < p) ? 0 : keep;
      mask[j] = m;
      act[j] = (act[j] as number) * m;
    }
  }

  private forwardDense(state: LayerState, input: Float32Array, hidden: boolean): void {
    const { layer, act } = state;
    act.set(layer.bias);
    const { outputs, weights } = layer;
    for (let i = 0; i < layer.inputs; i++) {
      const x = input[i] as number;
      if (x === 0) continue;
      const base = i * outputs;
      for (let j = 0; j < outputs; j++) act[j] = (act[j] as number) + x * (weights[base + j] as number);
    }
    if (hidden) this.reluDropout(state);
  }

  /** Softmax cross-entropy against the smoothed target; writes the output delta. */
  private outputDelta(label: number): number {
    const out = this.layers[this.layers.length - 1] as LayerState;
    const { act, delta } = out;
    const probs = this.probs;
    probs.set(act);
    let max = Number.NEGATIVE_INFINITY;
    for (const v of probs) if (v > max) max = v;
    let sum = 0;
    for (let c = 0; c < probs.length; c++) {
      const e = exp((probs[c] as number) - max);
      probs[c] = e;
      sum += e;
    }
    const smooth = this.options.labelSmoothing / probs.length;
    for (let c = 0; c < probs.length; c++) {
      const p = (probs[c] as number) / sum;
      const target = smooth + (c === label ? 1 - this.options.labelSmoothing : 0);
      delta[c] = p - target;
    }
    return -log(maxOf((probs[label] as number) / sum, 1e-12));
  }

  /** Accumulates the gradient of `state`'s layer and writes the delta of the layer below. */
  private backwardDense(state: LayerState, below: LayerState): void {
    const { layer, grad, gradBias, delta } = state;
    const { outputs, weights } = layer;
    const input = below.act;
    for (let j = 0; j < outputs; j++) gradBias[j] = (gradBias[j] as number) + (delta[j] as number);
    for (let i = 0; i < layer.inputs; i++) {
      const m = below.mask[i] as number;
      // A dropped or inactive unit has zero input and zero delta: nothing to accumulate or propagate.
      if (m === 0) {
        below.delta[i] = 0;
        continue;
      }
      const x = input[i] as number;
      let back = 0;
      const base = i * outputs;
      for (let j = 0; j < outputs; j++) {
        const d = delta[j] as number;
        grad[base + j] = (grad[base + j] as number) + x * d;
        back += (weights[base + j] as number) * d;
      }
      below.delta[i] = back * m;
    }
  }

  /**
   * Updates the embedding rows of this message at once with row-wise AdaGrad: the row's gradient is
   * `value × delta`, so its mean square is `value² × mean(delta²)` and costs one pass over the row.
   */
  private backwardBag(active: number): void {
    const { dim } = this;
    const delta = this.bag.delta;
    let deltaSquares = 0;
    for (let j = 0; j < dim; j++) {
      const d = delta[j] as number;
      this.gradEmbeddingBias[j] = (this.gradEmbeddingBias[j] as number) + d;
      deltaSquares += d * d;
    }
    deltaSquares /= dim;
    const embedding = this.weights.embedding;
    for (let k = 0; k < active; k++) {
      const row = this.activeRows[k] as number;
      if (row === 0) continue;
      const w = this.activeValues[k] as number;
      const squares = (this.rowSquares[row] as number) + w * w * deltaSquares;
      this.rowSquares[row] = squares;
      const scale = (this.embeddingLr * w) / sqrt(squares + ADAGRAD_EPSILON);
      const base = row * dim;
      for (let j = 0; j < dim; j++)
        embedding[base + j] = (embedding[base + j] as number) - scale * (delta[j] as number);
    }
  }

  /** One Adam step on the mean batch gradient, with a linearly decaying learning rate. */
  private update(totalBatches: number, batch: number): void {
    this.step++;
    const { learningRate, finalLearningRateRatio } = this.options;
    const progress = min(1, (this.step - 1) / totalBatches);
    const decay = 1 - progress * (1 - finalLearningRateRatio);
    this.embeddingLr = this.options.embeddingLearningRate * decay;
    const step = adamStep(learningRate * decay, this.step);
    // Gradients were summed over the batch; Adam takes their mean.
    const scale = 1 / batch;
    this.adamEmbeddingBias.step(this.weights.embeddingBias, this.gradEmbeddingBias, step, scale);
    for (const s of this.layers) {
      s.adam.step(s.layer.weights, s.grad, step, scale);
      s.adamBias.step(s.layer.bias, s.gradBias, step, scale);
    }
  }
}
