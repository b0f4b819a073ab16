/**
 * The NLU entry point without any botbuilder dependency: intent + out-of-scope decision from the current
 * model, plus entities. Any input — empty, 10,000 characters, emoji, mixed scripts, control characters —
 * gets a valid {@link NluResult}.
 */
import { NotReadyError } from '../errors';
import { EntityRecognizer, type EntityRecognizerOptions } from './entities/entity-recognizer';
import type { Classification, IntentModel } from './intent-model';
import { type Entity, type IntentScore, type NluResult, NONE_INTENT } from './types';

/** Something that hands out the model to use now (a fixed model or a hot-swapping registry). */
export interface IntentModelSource {
  current(): IntentModel | undefined;
}

/** Options of {@link NluEngine}. */
export interface NluEngineOptions {
  models: IntentModelSource | IntentModel;
  /**
   * Built-in extractors, clock, time zone and phone region for entities; the regex and lookup entities
   * come from the model (`model.json`), so a retrained model brings its own. `false` disables entities.
   */
  entities?: Omit<EntityRecognizerOptions, 'definitions'> | false;
  /** How many in-scope intents `topIntents` lists. */
  topIntents?: number;
  /** Entity extraction looks at no more than this many characters (bounds the cost of huge messages). */
  maxEntityChars?: number;
}

const DEFAULT_TOP_INTENTS = 5;
const DEFAULT_MAX_ENTITY_CHARS = 2000;

function isSource(value: IntentModelSource | IntentModel): value is IntentModelSource {
  return typeof (value as IntentModelSource).current === 'function';
}

/** Strips C0/C1 control characters (except tab and newlines), which no extractor or tokenizer should see. */
export function stripControlCharacters(text: string): string {
  // Same length replacement keeps entity offsets valid in the original text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ' ');
}

/**
 * Understands one message at a time.
 *
 * @example
 * const nlu = new NluEngine({ models: registry, entities: { timezone: 'Europe/London' } });
 * const result = await nlu.understand('I lost my card ending in 4821');
 */
export class NluEngine {
  private readonly source: IntentModelSource;
  private readonly recognizers = new WeakMap<IntentModel, EntityRecognizer>();

  constructor(private readonly options: NluEngineOptions) {
    const models = options.models;
    this.source = isSource(models) ? models : { current: () => models };
  }

  /** True once a model is loaded (for `/readyz`). */
  isReady(): boolean {
    return this.source.current() !== undefined;
  }

  /** Intent, score, top intents, out-of-scope flag and entities of `text`. */
  async understand(text: string, referenceDate?: Date): Promise<NluResult> {
    const model = this.source.current();
    if (model === undefined) throw new NotReadyError('The NLU model');
    const clean = stripControlCharacters(typeof text === 'string' ? text : '');
    const classification = await model.classify(clean);
    const entities = this.entities(model, clean, referenceDate);
    return toResult({
      text,
      model,
      classification,
      entities,
      top: this.options.topIntents ?? DEFAULT_TOP_INTENTS,
    });
  }

  private entities(model: IntentModel, text: string, referenceDate: Date | undefined): Entity[] {
    if (this.options.entities === false) return [];
    let recognizer = this.recognizers.get(model);
    if (recognizer === undefined) {
      recognizer = new EntityRecognizer({ ...this.options.entities, definitions: model.manifest.entities });
      this.recognizers.set(model, recognizer);
    }
    const limit = this.options.maxEntityChars ?? DEFAULT_MAX_ENTITY_CHARS;
    return recognizer.recognize(text.length > limit ? text.slice(0, limit) : text, referenceDate);
  }
}

/** Builds the result from a classification. */
function toResult(args: {
  text: string;
  model: IntentModel;
  classification: Classification;
  entities: Entity[];
  top: number;
}): NluResult {
  const { model, classification } = args;
  const oosIndex = model.manifest.oosIndex;
  const ranked: IntentScore[] = [];
  classification.probs.forEach((score, i) => {
    if (i !== oosIndex) ranked.push({ intent: model.labels[i] as string, score });
  });
  ranked.sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const outOfScope = classification.outOfScope || best === undefined;
  return {
    text: args.text,
    intent: outOfScope ? NONE_INTENT : (best?.intent ?? NONE_INTENT),
    score: outOfScope ? 1 - classification.topScore : classification.topScore,
    topIntents: ranked.slice(0, args.top),
    outOfScope,
    entities: args.entities,
    modelId: model.modelId,
  };
}
