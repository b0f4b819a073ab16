/**
 * Reads and writes a model folder: `model.onnx` (the graph and weights) + `model.json` (the manifest).
 * Writes go to temporary files renamed into place, `model.onnx` first and `model.json` last, and the
 * manifest carries the SHA-256 of the graph: a reader never accepts a half-written pair.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NluModelCorruptError, NluModelMissingError } from '../../errors';
import { type ModelManifest, manifestSchema } from './model-manifest';

/** File names inside a model folder. */
export const MODEL_FILES = { onnx: 'model.onnx', manifest: 'model.json' } as const;

/** A model folder's contents, checked for consistency. */
export interface ModelArtifacts {
  manifest: ModelManifest;
  onnx: Uint8Array;
}

/** Hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/** Writes `model.onnx` then `model.json` into `dir` (created if needed). */
export function saveModel(dir: string, artifacts: ModelArtifacts): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, MODEL_FILES.onnx), artifacts.onnx);
  writeAtomic(join(dir, MODEL_FILES.manifest), `${JSON.stringify(artifacts.manifest, null, 2)}\n`);
}

function readRequired(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new NluModelMissingError(path, { cause: error });
    throw new NluModelCorruptError(path, `it cannot be read (${(error as Error).message})`, { cause: error });
  }
}

function parseManifest(path: string, text: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NluModelCorruptError(path, 'it is not valid JSON', { cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new NluModelCorruptError(path, `its manifest is invalid (${issues})`);
  }
  return parsed.data;
}

/** Reads a model folder; throws {@link NluModelMissingError} or {@link NluModelCorruptError}. */
export function readModel(dir: string): ModelArtifacts {
  const manifestPath = join(dir, MODEL_FILES.manifest);
  const onnxPath = join(dir, MODEL_FILES.onnx);
  const manifest = parseManifest(manifestPath, readRequired(manifestPath).toString('utf8'));
  const onnx = new Uint8Array(readRequired(onnxPath));
  if (sha256(onnx) !== manifest.onnxSha256) {
    throw new NluModelCorruptError(
      onnxPath,
      'its SHA-256 does not match model.json (truncated, or from another training run)',
    );
  }
  if (manifest.oosIndex >= manifest.labels.length) {
    throw new NluModelCorruptError(
      manifestPath,
      `oosIndex ${manifest.oosIndex} is outside the ${manifest.labels.length} labels`,
    );
  }
  return { manifest, onnx };
}
