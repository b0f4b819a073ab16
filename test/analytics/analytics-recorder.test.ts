/**
 * The buffered recorder with a database that is down: recording never throws or waits, the
 * backlog grows (bounded: oldest dropped and counted) and is written once the database is back,
 * retried with backoff — with our own failing wrapper of the SQL port, and with a real PostgreSQL
 * client pointed at a closed port.
 */
import { createServer } from 'node:net';
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import { AnalyticsRecorder } from '../../src/analytics/analytics-recorder';
import { SqlAnalyticsStore } from '../../src/analytics/sql-analytics-store';
import { PostgresDatabase } from '../../src/sql/postgres-database';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { SqliteDatabase } from '../../src/sql/sqlite-database';
import { waitUntil } from './support/wait';

/** A SqlDatabase that fails every call while `down` (a test double of our own port). */
class SwitchableDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  down = false;
  attempts = 0;
  constructor(private readonly inner: SqlDatabase) {}
  private guard(): void {
    this.attempts++;
    if (this.down) throw new Error('connection refused');
  }
  query: SqlDatabase['query'] = async (sql, params) => {
    this.guard();
    return this.inner.query(sql, params);
  };
  execute: SqlDatabase['execute'] = async (sql, params) => {
    this.guard();
    return this.inner.execute(sql, params);
  };
  script: SqlDatabase['script'] = async (sql) => {
    this.guard();
    return this.inner.script(sql);
  };
  transaction: SqlDatabase['transaction'] = async (work) => {
    this.guard();
    return this.inner.transaction(work);
  };
  ping = async () => this.guard();
  close = () => this.inner.close();
}

function event(n: number): AnalyticsEvent {
  return {
    type: 'message_in',
    at: '2026-11-02T10:00:00.000Z',
    channelId: 'webchat',
    conversationId: `c${n}`,
    intent: 'greeting',
  };
}

async function countEvents(store: SqlAnalyticsStore): Promise<number> {
  const [total] = await store.metrics({ from: '2026-11-01', to: '2026-11-03', groupBy: [] });
  return total?.messagesIn ?? 0;
}

describe('AnalyticsRecorder', () => {
  test('buffers while the database is down, then writes everything once it is back', async () => {
    const db = new SwitchableDatabase(new SqliteDatabase({ path: ':memory:' }));
    const store = new SqlAnalyticsStore({ db });
    const recorder = new AnalyticsRecorder({
      store,
      buffer: { batchSize: 10, flushIntervalMs: 5, initialBackoffMs: 10, maxBackoffMs: 40 },
    });
    db.down = true;
    for (let i = 0; i < 25; i++) recorder.record(event(i));
    await waitUntil(() => recorder.stats().failures >= 2);
    expect(recorder.backlog()).toBe(25);
    expect(recorder.stats().dropped).toBe(0);
    db.down = false;
    await waitUntil(() => recorder.backlog() === 0);
    expect(await countEvents(store)).toBe(25);
    expect(recorder.stats()).toMatchObject({ written: 25, failures: 0, dropped: 0 });
    await recorder.close();
    await store.close();
  });

  test('keeps at most `capacity` events while down, dropping the oldest and counting them', async () => {
    const db = new SwitchableDatabase(new SqliteDatabase({ path: ':memory:' }));
    const store = new SqlAnalyticsStore({ db });
    const recorder = new AnalyticsRecorder({
      store,
      buffer: { capacity: 10, batchSize: 5, flushIntervalMs: 5, initialBackoffMs: 10, maxBackoffMs: 20 },
    });
    db.down = true;
    for (let i = 0; i < 30; i++) recorder.record(event(i));
    expect(recorder.backlog()).toBe(10);
    expect(recorder.stats().dropped).toBe(20);
    db.down = false;
    await waitUntil(() => recorder.backlog() === 0);
    const rows = await db.query('SELECT conversation_id FROM analytics_events ORDER BY id');
    expect(rows.map((r) => r['conversation_id'])).toEqual(Array.from({ length: 10 }, (_, i) => `c${20 + i}`));
    await recorder.close();
    await store.close();
  });

  test('a real PostgreSQL client on a closed port: recording neither throws nor waits, the backlog shows', async () => {
    const port = await closedPort();
    const store = new SqlAnalyticsStore({
      db: new PostgresDatabase({ url: `postgresql://postgres@127.0.0.1:${port}/test` }),
    });
    const recorder = new AnalyticsRecorder({
      store,
      buffer: { flushIntervalMs: 5, initialBackoffMs: 20, maxBackoffMs: 50 },
    });
    for (let i = 0; i < 5; i++) expect(recorder.record(event(i))).toBeUndefined();
    await waitUntil(() => recorder.stats().failures >= 1);
    expect(recorder.backlog()).toBe(5);
    await expect(recorder.flush()).rejects.toThrow();
    await recorder.close();
    expect(recorder.backlog()).toBe(5);
    await store.close();
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
