/**
 * `model.json`: everything besides the weights that inference and audits need — labels, featurizer
 * settings, threshold, data hash, metrics, training date. Validated with zod when loaded.
 */
import { z } from 'zod';

/** The manifest format version this code writes and reads. */
export const MANIFEST_FORMAT = 'switchboard-nlu/1';

const featurizerSchema = z.strictObject({
  buckets: z.number().int().min(2),
  wordNgramMax: z.number().int().min(0),
  charNgramMin: z.number().int().min(0),
  charNgramMax: z.number().int().min(0),
  maxChars: z.number().int().min(1),
  locale: z.string(),
  seed: z.number().int(),
  skipBigrams: z.boolean().default(false),
  edgeWords: z.boolean().default(false),
});

const sourceSchema = z.strictObject({ file: z.string(), line: z.number().int() });

/** Entity definitions travel with the model, so a model folder is self-contained. */
const entitySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('regex'),
    name: z.string().min(1),
    pattern: z.string().min(1),
    source: sourceSchema,
  }),
  z.strictObject({
    kind: z.literal('lookup'),
    name: z.string().min(1),
    values: z.array(z.strictObject({ value: z.string(), synonyms: z.array(z.string()) })),
    source: sourceSchema,
  }),
]);

const metricsSchema = z.record(z.string(), z.number().nullable());

/** Schema of `model.json`. */
export const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  modelId: z.string().min(1),
  labels: z.array(z.string().min(1)).min(1),
  /** Index of the out-of-scope class in `labels`, or -1 when the data had no out-of-scope examples. */
  oosIndex: z.number().int().min(-1),
  featurizer: featurizerSchema,
  network: z.record(z.string(), z.unknown()),
  entities: z.array(entitySchema),
  threshold: z.number().min(0).max(1),
  thresholdMethod: z.string(),
  dataHash: z.string(),
  /** SHA-256 of `model.onnx`, so a truncated or swapped file is caught at load time. */
  onnxSha256: z.string().regex(/^[0-9a-f]{64}$/),
  metrics: metricsSchema,
  trainedAt: z.string(),
  trainingSeconds: z.number().min(0),
  examples: z.number().int().min(0),
});

/** Parsed `model.json`. */
export type ModelManifest = z.infer<typeof manifestSchema>;
