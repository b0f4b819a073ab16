import { Worker } from 'node:worker_threads';
import type { AnalyticsEvent } from './analytics-event';
import type { WriteReply, WriteRequest } from './sqlite-write-worker';
import type { TranscriptEntry } from './transcript-store';

const WORKER_FILE = require.resolve('./sqlite-write-worker');

function spawn(path: string): Worker {
  if (WORKER_FILE.endsWith('.ts')) {
    // Running from TypeScript sources (tsx, jest): load the worker through tsx's CommonJS hook.
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER_FILE)});`, {
      eval: true,
      workerData: { path },
    });
  }
  return new Worker(WORKER_FILE, { workerData: { path } });
}

/**
 * A worker thread that writes analytics batches to a SQLite file on its own connection.
 * better-sqlite3 is synchronous: on the main thread every commit (and every WAL checkpoint) would
 * stop all turns while the disk is busy. Reads stay on the main connection (WAL readers see each
 * committed batch). Batches are serialised, written in the order sent.
 */
export class SqliteWriteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closing: Promise<void> | undefined;

  constructor(path: string) {
    this.worker = spawn(path);
    this.worker.unref();
    this.worker.on('message', (reply: WriteReply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('the analytics write thread stopped')));
  }

  /** Writes analytics events (their rollups included) in one transaction. */
  writeEvents(batch: AnalyticsEvent[]): Promise<void> {
    return this.send({ id: this.nextId++, kind: 'events', batch });
  }

  /** Writes stored (redacted, encrypted) transcript lines in one transaction. */
  writeTranscripts(batch: TranscriptEntry[]): Promise<void> {
    return this.send({ id: this.nextId++, kind: 'transcripts', batch });
  }

  /** Stops the thread once the batches sent have been answered; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending.keys()].map((id) => this.waitFor(id)));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private send(request: WriteRequest): Promise<void> {
    if (this.closing) return Promise.reject(new Error('the analytics write thread is closed'));
    const done = new Promise<void>((resolve, reject) => this.pending.set(request.id, { resolve, reject }));
    this.worker.postMessage(request);
    return done;
  }

  private waitFor(id: number): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return Promise.resolve();
    return new Promise((resolve) => {
      const { resolve: ok, reject } = entry;
      this.pending.set(id, {
        resolve: () => {
          ok();
          resolve();
        },
        reject: (e) => {
          reject(e);
          resolve();
        },
      });
    });
  }

  private settle(reply: WriteReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    if (reply.error === undefined) entry.resolve();
    else entry.reject(new Error(reply.error));
  }

  private failAll(error: Error): void {
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}
