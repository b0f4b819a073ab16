/** Hyperparameters of the classifier network and its training; stored in `model.json`. */
export interface NetworkOptions {
  /** Embedding-bag width (the first hidden layer). */
  dim: number;
  /** Sizes of extra dense ReLU layers after the embedding bag (empty = one hidden layer). */
  hidden: number[];
  /**
   * Number of independently seeded members whose probabilities are averaged. Cross-validation fold models
   * have as many, so the threshold chosen on their predictions fits the final ensemble's confidence.
   */
  ensembleSize: number;
  epochs: number;
  batchSize: number;
  /** Adam step size at the start; it decays linearly to `learningRate * finalLearningRateRatio`. */
  learningRate: number;
  finalLearningRateRatio: number;
  /** Row-wise AdaGrad step size of the embedding table (updated per message, sparsely). */
  embeddingLearningRate: number;
  /** Share of a message's features dropped at each training step (they still count in the L2 norm). */
  featureDropout: number;
  /** Share of hidden units dropped at each training step. */
  hiddenDropout: number;
  /** Probability mass spread over all classes in the training targets (0 = plain one-hot targets). */
  labelSmoothing: number;
  /** Average the weights of this many final epochs (stochastic weight averaging; 0 or 1 = off). */
  averageLastEpochs: number;
  /** Features (hash buckets) seen in fewer training messages than this get no embedding row. */
  minFeatureCount: number;
  /** Standard deviation of the initial embedding rows. */
  initScale: number;
  seed: number;
}

/** Defaults chosen by measurement on CLINC150 train → val (see docs/nlu.md). */
export const DEFAULT_NETWORK_OPTIONS: NetworkOptions = Object.freeze({
  dim: 160,
  hidden: [],
  ensembleSize: 3,
  epochs: 6,
  batchSize: 16,
  learningRate: 0.004,
  finalLearningRateRatio: 0.05,
  embeddingLearningRate: 0.1,
  featureDropout: 0.3,
  hiddenDropout: 0.1,
  labelSmoothing: 0,
  averageLastEpochs: 0,
  minFeatureCount: 1,
  initScale: 0.1,
  seed: 1,
});

/** Below this many examples the data counts as small (a typical bot's own data). */
export const SMALL_DATA_EXAMPLES = 2000;
/** Small data trains until the model has seen this many messages, whatever `epochs` says. */
const MIN_TRAINING_MESSAGES = 20_000;
/** Embedding width for small data: fewer parameters for few examples, and a model of a few hundred KB. */
const SMALL_DATA_DIM = 64;
const MAX_EPOCHS = 100;

/** Defaults adjusted to the data size; explicit options always win. */
export function defaultNetworkOptions(examples: number): NetworkOptions {
  if (examples >= SMALL_DATA_EXAMPLES) return { ...DEFAULT_NETWORK_OPTIONS };
  const epochs = Math.min(
    MAX_EPOCHS,
    Math.max(DEFAULT_NETWORK_OPTIONS.epochs, Math.ceil(MIN_TRAINING_MESSAGES / Math.max(1, examples))),
  );
  return { ...DEFAULT_NETWORK_OPTIONS, dim: SMALL_DATA_DIM, epochs };
}
