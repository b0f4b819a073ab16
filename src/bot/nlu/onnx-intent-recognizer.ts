/**
 * The botbuilder `Recognizer` over Switchboard's ONNX intent model: usable wherever botbuilder-dialogs
 * expects a recognizer, and by the NLU middleware through {@link OnnxIntentRecognizer.understand}.
 */
import { resolve } from 'node:path';
import type { Activity, RecognizerResult } from 'botbuilder-core';
import { type DialogContext, Recognizer } from 'botbuilder-dialogs';
import type { BuiltinEntity } from '../../nlu/entities/entity-recognizer';
import { ModelRegistry } from '../../nlu/model-registry';
import { NluEngine } from '../../nlu/nlu-engine';
import type { Entity, NluResult } from '../../nlu/types';

/** Options of {@link OnnxIntentRecognizer.create}. */
export interface OnnxIntentRecognizerOptions {
  /** The model folder (`model.onnx` + `model.json`), e.g. `models/acme`. */
  modelDir: string;
  /** Built-in entity extractors to run (default: all); regex and lookup entities come from the model. */
  builtins?: readonly BuiltinEntity[];
  /** Time zone in which dates are read (default UTC). */
  timezone?: string;
  /** Overrides the threshold stored in `model.json`. */
  threshold?: number;
  /** Swap in retrained models without a restart (default true). */
  watch?: boolean;
  /** Clock for relative dates (tests inject a fixed one). */
  now?: () => Date;
}

/** botbuilder's entity shape: values by type plus `$instance` spans. */
function toBotbuilderEntities(entities: Entity[]): Record<string, unknown> {
  const values: Record<string, unknown[]> = {};
  const instances: Record<string, unknown[]> = {};
  for (const e of entities) {
    values[e.type] = [...(values[e.type] ?? []), e.value];
    const instance = { startIndex: e.start, endIndex: e.end, text: e.text, type: e.type, source: e.source };
    instances[e.type] = [...(instances[e.type] ?? []), instance];
  }
  return { ...values, $instance: instances };
}

/** Converts our result to botbuilder's `RecognizerResult`; out of scope gives `None` as the only intent. */
export function toRecognizerResult(result: NluResult): RecognizerResult & { nlu: NluResult } {
  const intents: Record<string, { score: number }> = {};
  if (result.outOfScope) intents[result.intent] = { score: result.score };
  else for (const t of result.topIntents) intents[t.intent] = { score: t.score };
  return { text: result.text, intents, entities: toBotbuilderEntities(result.entities), nlu: result };
}

/** One recognizer per model folder and process (see {@link OnnxIntentRecognizer.shared}). */
const sharedRecognizers = new Map<string, Promise<OnnxIntentRecognizer>>();

/**
 * Recognizes intents (with out-of-scope detection) and entities with the local ONNX model.
 * Create it once per process with {@link create}; it loads and warms the model and watches for retrains.
 *
 * @example
 * const recognizer = await OnnxIntentRecognizer.create({ modelDir: 'models/acme' });
 * const result = await recognizer.understand('I lost my card');
 */
export class OnnxIntentRecognizer extends Recognizer {
  constructor(
    private readonly engine: NluEngine,
    private readonly registry?: ModelRegistry,
  ) {
    super();
    this.id = 'OnnxIntentRecognizer';
  }

  /**
   * Loads the model (throws `SWB_ERR_NLU_MODEL_MISSING` / `SWB_ERR_NLU_MODEL_CORRUPT` when it cannot) and
   * starts watching its folder. Prefer {@link shared} in a server.
   */
  static async create(options: OnnxIntentRecognizerOptions): Promise<OnnxIntentRecognizer> {
    const registry = new ModelRegistry({
      dir: options.modelDir,
      watch: options.watch,
      threshold: options.threshold,
    });
    const entities = { builtins: options.builtins, now: options.now, timezone: options.timezone };
    const recognizer = new OnnxIntentRecognizer(new NluEngine({ models: registry, entities }), registry);
    await registry.start();
    return recognizer;
  }

  /**
   * The process-wide recognizer of a model folder: the model is loaded and warmed up once, however many
   * pipelines ask for it. A failed load is not cached, so a later call retries.
   */
  static shared(options: OnnxIntentRecognizerOptions): Promise<OnnxIntentRecognizer> {
    const key = resolve(options.modelDir);
    let recognizer = sharedRecognizers.get(key);
    if (recognizer === undefined) {
      recognizer = OnnxIntentRecognizer.create(options);
      sharedRecognizers.set(key, recognizer);
      recognizer.catch(() => sharedRecognizers.delete(key));
    }
    return recognizer;
  }

  /** The model registry, for `/readyz` and swap events (undefined when built around a fixed engine). */
  get models(): ModelRegistry | undefined {
    return this.registry;
  }

  /** True once a model is serving. */
  isReady(): boolean {
    return this.engine.isReady();
  }

  /** Our own result for `text`. */
  understand(text: string, referenceDate?: Date): Promise<NluResult> {
    return this.engine.understand(text, referenceDate);
  }

  /** botbuilder entry point: recognizes the activity's text; our result rides along as `nlu`. */
  override async recognize(
    _dialogContext: DialogContext,
    activity: Partial<Activity>,
  ): Promise<RecognizerResult> {
    const result = await this.understand(activity.text ?? '');
    return toRecognizerResult(result);
  }

  /** Stops watching and frees the model. */
  async close(): Promise<void> {
    await this.registry?.close();
  }
}
