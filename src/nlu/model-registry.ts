/**
 * Holds the live intent model and swaps it when the model folder changes (a new training run), without a
 * restart and without a failed turn: the new model is fully loaded and warmed up first, then swapped in
 * atomically; the old one is closed once its in-flight calls finish. A broken new model is rejected, the old
 * one keeps serving, and `loadFailed` reports a coded error.
 */
import { EventEmitter } from 'node:events';
import { type FSWatcher, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { NluModelCorruptError, type SwitchboardError } from '../errors';
import { IntentModel, type IntentModelOptions } from './intent-model';
import { MODEL_FILES } from './model/model-files';
import type { IntentModelSource } from './nlu-engine';

/** Events of {@link ModelRegistry}. */
export interface ModelRegistryEvents {
  /** A model was loaded and is now serving. */
  loaded(model: IntentModel): void;
  /** Loading a model failed; the previous model (if any) keeps serving. */
  loadFailed(error: SwitchboardError): void;
}

/** Options of {@link ModelRegistry}. */
export interface ModelRegistryOptions extends IntentModelOptions {
  /** The model folder (`model.onnx` + `model.json`). */
  dir: string;
  /** Watch the folder and swap in new models (default true). */
  watch?: boolean;
  /** Wait this long after the last file event before loading (training writes two files). */
  debounceMs?: number;
  /** Also check `model.json` for changes this often, for file systems where `fs.watch` is unreliable. */
  pollMs?: number;
  /** Loads a model folder (injectable for tests). */
  load?: (dir: string, options: IntentModelOptions) => Promise<IntentModel>;
}

const DEFAULT_DEBOUNCE_MS = 250;
const DEFAULT_POLL_MS = 5000;

function toCodedError(error: unknown, dir: string): SwitchboardError {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    String(error.code).startsWith('SWB_ERR_')
  ) {
    return error as SwitchboardError;
  }
  return new NluModelCorruptError(dir, (error as Error).message ?? String(error), { cause: error });
}

/** The process-wide holder of the live model. Call {@link start} once, {@link close} at shutdown. */
export class ModelRegistry implements IntentModelSource {
  private model: IntentModel | undefined;
  private readonly emitter = new EventEmitter();
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | undefined;
  private reloadAgain = false;
  private lastStamp = '';
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ModelRegistryOptions) {}

  /** Subscribes to a registry event. */
  on<E extends keyof ModelRegistryEvents>(event: E, listener: ModelRegistryEvents[E]): this {
    this.emitter.on(event, listener);
    return this;
  }

  /**
   * Loads the model and starts watching. Rejects with `SWB_ERR_NLU_MODEL_MISSING` / `SWB_ERR_NLU_MODEL_CORRUPT`
   * when the first load fails; watching still starts, so a later training run makes the registry ready.
   */
  async start(): Promise<void> {
    if (this.options.watch !== false) this.startWatching();
    const loaded = await this.reload();
    if (!loaded && this.model === undefined)
      throw this.lastError ?? new NluModelCorruptError(this.options.dir, 'unknown error');
  }

  private lastError: SwitchboardError | undefined;

  /** The model serving now, or undefined before the first successful load. */
  current(): IntentModel | undefined {
    return this.model;
  }

  /** True once a model is serving (for `/readyz`). */
  isReady(): boolean {
    return this.model !== undefined;
  }

  /** Loads the folder's model and swaps it in; resolves false (old model kept) when loading fails. */
  reload(): Promise<boolean> {
    if (this.reloading !== undefined) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.loadAndSwap().finally(() => {
      this.reloading = undefined;
      if (this.reloadAgain && this.closing === undefined) {
        this.reloadAgain = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  private async loadAndSwap(): Promise<boolean> {
    const load = this.options.load ?? ((dir, opts) => IntentModel.load(dir, opts));
    try {
      const next = await load(this.options.dir, this.options);
      if (this.closing !== undefined) {
        await next.close();
        return false;
      }
      const previous = this.model;
      this.model = next;
      this.lastError = undefined;
      this.emitter.emit('loaded', next);
      if (previous !== undefined) await previous.close();
      return true;
    } catch (error) {
      this.lastError = toCodedError(error, this.options.dir);
      if (this.emitter.listenerCount('loadFailed') > 0) this.emitter.emit('loadFailed', this.lastError);
      return false;
    }
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.options.dir, () => this.scheduleReload());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // The folder may not exist yet; the poller notices when it appears.
    }
    this.lastStamp = this.stamp();
    this.poller = setInterval(() => {
      const stamp = this.stamp();
      if (stamp !== this.lastStamp) this.scheduleReload();
    }, this.options.pollMs ?? DEFAULT_POLL_MS);
    this.poller.unref();
  }

  private stamp(): string {
    try {
      const s = statSync(join(this.options.dir, MODEL_FILES.manifest));
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'missing';
    }
  }

  private scheduleReload(): void {
    if (this.closing !== undefined) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.lastStamp = this.stamp();
      void this.reload();
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** Stops watching and closes the model; idempotent. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.watcher?.close();
      clearInterval(this.poller);
      clearTimeout(this.debounce);
      this.closing = (this.reloading ?? Promise.resolve(false)).then(async () => {
        await this.model?.close();
        this.model = undefined;
      });
    }
    return this.closing;
  }
}
