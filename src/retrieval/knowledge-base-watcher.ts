/**
 * Hot reload of the FAQ knowledge base: watches the folder, debounces bursts of edits, validates
 * the new files and swaps in a new retriever atomically. An invalid edit keeps the previous
 * knowledge base and logs a coded error (`SWB_ERR_KB_INVALID`) listing every problem.
 *
 * @example
 * const kb = new KnowledgeBaseWatcher({ dir: 'models/faq', logger });
 * await kb.start();                       // throws KnowledgeBaseInvalidError if the KB is invalid
 * kb.retrieve('what is the routing number?');
 * kb.on('rejected', (error) => alert(error.problems));
 * await kb.close();
 */
import { EventEmitter } from 'node:events';
import { type FSWatcher, watch } from 'node:fs';
import { KnowledgeBaseInvalidError, NotReadyError } from '../errors';
import type { Logger } from '../logging/logger';
import {
  AnswerRetriever,
  type AnswerRetrieverOptions,
  type AnswerSource,
  type RetrievalResult,
  type RetrieveOptions,
} from './answer-retriever';
import { DEFAULT_KNOWLEDGE_BASE_DIR, loadKnowledgeBase } from './knowledge-base-loader';

/** What a successful reload swapped in. */
export interface KnowledgeBaseReload {
  entries: number;
  files: readonly string[];
  threshold: number;
  durationMs: number;
}

/** Events of {@link KnowledgeBaseWatcher}. */
export interface KnowledgeBaseWatcherEvents {
  /** A new knowledge base is live. */
  reloaded: [reload: KnowledgeBaseReload];
  /** An edit was invalid; the previous knowledge base stays live. */
  rejected: [error: KnowledgeBaseInvalidError];
}

/** Options of {@link KnowledgeBaseWatcher}. */
export interface KnowledgeBaseWatcherOptions {
  /** Folder of the YAML files (default `models/faq`). */
  dir?: string;
  /** Quiet time after the last change before reloading (editors write files in several steps). */
  debounceMs?: number;
  /** How each retriever is built (threshold, calibration negatives, fusion). */
  retriever?: AnswerRetrieverOptions;
  logger?: Pick<Logger, 'info' | 'error'>;
}

/** Editors save in bursts (write, rename, chmod); 200 ms covers them without feeling slow. */
const DEFAULT_DEBOUNCE_MS = 200;

/** A hot-reloading {@link AnswerSource} over a knowledge-base folder. */
export class KnowledgeBaseWatcher extends EventEmitter<KnowledgeBaseWatcherEvents> implements AnswerSource {
  private readonly dir: string;
  private readonly debounceMs: number;
  private readonly options: KnowledgeBaseWatcherOptions;
  private current: AnswerRetriever | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | undefined;
  private reloadAgain = false;
  private closing: Promise<void> | undefined;

  constructor(options: KnowledgeBaseWatcherOptions = {}) {
    super();
    this.options = options;
    this.dir = options.dir ?? DEFAULT_KNOWLEDGE_BASE_DIR;
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** Loads the knowledge base (throws `KnowledgeBaseInvalidError` when invalid), then watches the folder. */
  async start(): Promise<void> {
    if (this.current) return;
    this.current = await this.build();
    this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
      if (name === null || /\.ya?ml$/i.test(name)) this.schedule();
    });
    this.watcher.on('error', (error) =>
      this.options.logger?.error({ err: error, dir: this.dir }, 'knowledge-base watcher failed'),
    );
  }

  /** The live retriever; throws `NotReadyError` before {@link start}. */
  get retriever(): AnswerRetriever {
    if (!this.current) throw new NotReadyError('The FAQ knowledge base');
    return this.current;
  }

  /** Retrieves from the live knowledge base. */
  retrieve(query: string, options?: RetrieveOptions): RetrievalResult {
    return this.retriever.retrieve(query, options);
  }

  /**
   * Reloads now; resolves true when a new knowledge base went live, false when the edit was
   * rejected. Concurrent calls share one reload and queue at most one more.
   */
  reload(): Promise<boolean> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.reloadOnce().finally(() => {
      this.reloading = undefined;
      if (this.reloadAgain && !this.closing) {
        this.reloadAgain = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  /** Stops watching; idempotent (returns the same promise when called twice). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      this.watcher?.close();
      await this.reloading?.catch(() => undefined);
    })();
    return this.closing;
  }

  private schedule(): void {
    if (this.closing) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.debounceMs);
  }

  private async build(): Promise<AnswerRetriever> {
    const knowledgeBase = await loadKnowledgeBase({ dir: this.dir });
    return AnswerRetriever.create(knowledgeBase, this.options.retriever);
  }

  private async reloadOnce(): Promise<boolean> {
    const started = performance.now();
    try {
      const next = await this.build();
      if (this.closing) return false;
      this.current = next;
      const files = [...new Set(next.entries.map((e) => e.source.file))];
      const reload = {
        entries: next.size,
        files,
        threshold: next.threshold,
        durationMs: performance.now() - started,
      };
      this.options.logger?.info(reload, 'knowledge base reloaded');
      this.emit('reloaded', reload);
      return true;
    } catch (caught) {
      const error = caught instanceof KnowledgeBaseInvalidError ? caught : this.unreadable(caught);
      this.options.logger?.error(
        { code: error.code, problems: error.problems },
        'knowledge base edit rejected; the previous version stays live',
      );
      this.emit('rejected', error);
      return false;
    }
  }

  /** A file vanished or could not be read mid-save: reported like any invalid edit (the next event retries). */
  private unreadable(cause: unknown): KnowledgeBaseInvalidError {
    const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : 'an unexpected error';
    const message = `the knowledge base could not be read (${reason}); save the file again`;
    return new KnowledgeBaseInvalidError([{ file: this.dir, line: 1, column: 1, message }], { cause });
  }
}
