/**
 * A trained intent model loaded into onnxruntime-node: featurize a message, run the sparse graph, decide
 * in or out of scope. Load it once per process; `classify` is safe to call concurrently.
 */
import * as ort from 'onnxruntime-node';
import { NluModelCorruptError } from '../errors';
import { Featurizer } from './featurizer';
import { type Decision, decide } from './model/decision';
import { readModel } from './model/model-files';
import type { ModelManifest } from './model/model-manifest';
import { sublinearTf } from './model/network';
import { ONNX_IO } from './model/onnx-export';

/** Options of {@link IntentModel.load}. */
export interface IntentModelOptions {
  /** Overrides the threshold stored in `model.json` (e.g. from config). */
  threshold?: number;
  /** onnxruntime threads per run; 1 suits one small graph per message and leaves cores to the server. */
  intraOpThreads?: number;
}

/** Class probabilities and the out-of-scope decision for one message. */
export interface Classification extends Decision {
  probs: Float32Array;
}

/** The warm-up messages run at load time, so the first customer does not pay for lazy initialisation. */
const WARM_UP_TEXTS = ['hello', 'I lost my card, what should I do?', ''];

/** A loaded model: manifest + onnxruntime session + featurizer. */
export class IntentModel {
  readonly threshold: number;
  private inFlight = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  private constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    private readonly featurizer: Featurizer,
    threshold: number | undefined,
  ) {
    this.threshold = threshold ?? manifest.threshold;
  }

  /**
   * Loads, validates and warms up the model in `dir`.
   * Throws `SWB_ERR_NLU_MODEL_MISSING` or `SWB_ERR_NLU_MODEL_CORRUPT` with the path and the fix.
   */
  static async load(dir: string, options: IntentModelOptions = {}): Promise<IntentModel> {
    const { manifest, onnx } = readModel(dir);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(onnx, {
        intraOpNumThreads: options.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new NluModelCorruptError(dir, `onnxruntime rejected model.onnx (${(error as Error).message})`, {
        cause: error,
      });
    }
    const model = new IntentModel(
      dir,
      manifest,
      session,
      new Featurizer(manifest.featurizer),
      options.threshold,
    );
    await model.warmUp();
    return model;
  }

  /** The model's id (data hash + training date), reported in every result. */
  get modelId(): string {
    return this.manifest.modelId;
  }

  /** Labels in class-index order (the out-of-scope class included when the model has one). */
  get labels(): readonly string[] {
    return this.manifest.labels;
  }

  private async warmUp(): Promise<void> {
    for (const text of WARM_UP_TEXTS) {
      const result = await this.classify(text);
      if (result.probs.length !== this.labels.length || result.probs.some((p) => !Number.isFinite(p))) {
        throw new NluModelCorruptError(
          this.dir,
          `warm-up produced ${result.probs.length} scores for ${this.labels.length} labels`,
        );
      }
    }
  }

  /** Probabilities of every class for `text` and the out-of-scope decision at this model's threshold. */
  async classify(text: string): Promise<Classification> {
    if (this.closed) throw new NluModelCorruptError(this.dir, 'this model instance was closed');
    this.inFlight++;
    try {
      return await this.run(text);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  private async run(text: string): Promise<Classification> {
    const { ids, counts } = this.featurizer.featurize(text);
    // An empty bag is fed as the padding id with weight 0 (it maps to the zero row), never as a 0-length tensor.
    const n = Math.max(ids.length, 1);
    const idTensor = new BigInt64Array(n);
    if (ids.length === 0) idTensor[0] = BigInt(this.manifest.featurizer.buckets);
    for (let i = 0; i < ids.length; i++) idTensor[i] = BigInt(ids[i] as number);
    const weights = ids.length === 0 ? new Float32Array(1) : sublinearTf(counts);
    const output = await this.session.run({
      [ONNX_IO.ids]: new ort.Tensor('int64', idTensor, [n]),
      [ONNX_IO.weights]: new ort.Tensor('float32', weights, [n]),
    });
    const probs = output[ONNX_IO.probabilities]?.data as Float32Array;
    return { probs, ...decide(probs, this.manifest.oosIndex, this.threshold) };
  }

  /** Frees the onnxruntime session once in-flight calls finish; idempotent. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closed = true;
      const drained =
        this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.drained = resolve));
      this.closing = drained.then(() => this.session.release());
    }
    return this.closing;
  }
}
