/**
 * The SQLite write thread's entry point (see {@link SqliteWriteThread}): owns its own connection
 * to the analytics file and writes the batches it is sent, so that disk waits (WAL writes,
 * checkpoints) never block the main event loop where turns run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDatabase } from '../sql/sqlite-database';
import type { AnalyticsEvent } from './analytics-event';
import { SqlAnalyticsStore } from './sql-analytics-store';
import { insertTranscriptLines } from './sql-transcript-store';
import type { TranscriptEntry } from './transcript-store';

/** A request to the write thread. */
export type WriteRequest =
  | { id: number; kind: 'events'; batch: AnalyticsEvent[] }
  | { id: number; kind: 'transcripts'; batch: TranscriptEntry[] };

/** The write thread's answer: `error` when the batch was not written. */
export interface WriteReply {
  id: number;
  error?: string;
}

function start(): void {
  const port = parentPort;
  if (!port) return;
  const db = new SqliteDatabase({ path: (workerData as { path: string }).path });
  void db.script('PRAGMA synchronous = NORMAL');
  const store = new SqlAnalyticsStore({ db, ownsDatabase: false });
  port.on('message', (request: WriteRequest) => {
    const work =
      request.kind === 'events'
        ? store.insert(request.batch)
        : store.migrate().then(() => insertTranscriptLines(db, request.batch));
    work.then(
      () => port.postMessage({ id: request.id } satisfies WriteReply),
      (error: unknown) =>
        port.postMessage({ id: request.id, error: String((error as Error).message ?? error) }),
    );
  });
}

start();
