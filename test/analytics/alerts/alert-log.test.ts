import type { AlertLog, SentimentAlert } from '../../../src/analytics/alerts/alert';
import { MemoryAlertLog } from '../../../src/analytics/alerts/memory-alert-log';
import { SqlAlertLog } from '../../../src/analytics/alerts/sql-alert-log';
import type { SqlDatabase } from '../../../src/sql/sql-database';
import { describeOnEverySqlEngine } from '../../support/sql';

function alert(id: string, raisedAt: string, slice: Partial<SentimentAlert> = {}): SentimentAlert {
  return {
    id,
    raisedAt,
    negativeShare: 0.62,
    baselineShare: 0.08,
    messages: 34,
    windowMs: 900_000,
    summary: `Negative sentiment surge ${id}`,
    ...slice,
  };
}

/** The AlertLog conformance suite: every implementation runs it. */
function runAlertLogSuite(create: () => Promise<AlertLog>): void {
  let log: AlertLog;
  beforeEach(async () => {
    log = await create();
  });

  test('lists alerts of [from, to), newest first, with every field back', async () => {
    const a = alert('a', '2026-03-02T10:00:00.000Z', { intent: 'card_declined', channelId: 'webchat' });
    const b = alert('b', '2026-03-02T11:00:00.000Z', { channelId: 'sms' });
    const c = alert('c', '2026-03-02T12:00:00.000Z');
    for (const x of [b, a, c]) await log.record(x);
    const listed = await log.list(new Date('2026-03-02T10:00:00Z'), new Date('2026-03-02T12:00:00Z'));
    expect(listed).toEqual([b, a]);
  });

  test('recording the same alert twice keeps one; limit caps the list', async () => {
    const a = alert('a', '2026-03-02T10:00:00.000Z');
    await log.record(a);
    await log.record(a);
    await log.record(alert('b', '2026-03-02T10:05:00.000Z'));
    const from = new Date('2026-03-01T00:00:00Z');
    const to = new Date('2026-03-03T00:00:00Z');
    expect(await log.list(from, to)).toHaveLength(2);
    expect((await log.list(from, to, 1)).map((x) => x.id)).toEqual(['b']);
  });
}

describe('MemoryAlertLog', () => runAlertLogSuite(async () => new MemoryAlertLog()));

describeOnEverySqlEngine('SqlAlertLog', (engine) => {
  const database = engine();
  let db: SqlDatabase | undefined;
  const open = () => {
    db ??= database.open();
    return db;
  };
  afterAll(async () => {
    await db?.close();
    await database.drop();
  });

  runAlertLogSuite(async () => {
    const log = new SqlAlertLog(open());
    await log.migrate();
    // One database per suite: each test starts from an empty table.
    await open().execute('DELETE FROM swb_sentiment_alerts');
    return log;
  });

  test('migrating twice is harmless', async () => {
    const log = new SqlAlertLog(open());
    await log.migrate();
    await log.migrate();
    expect(await log.list(new Date(0), new Date(), 10)).toEqual([]);
  });
});
