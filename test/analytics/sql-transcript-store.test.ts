/**
 * The SQL transcript store on SQLite and on the real PostgreSQL: lines redacted before storage and
 * encrypted with the cipher, read back in order (pending writes included), export and erase by
 * identity, retention.
 */
import { SqlAnalyticsStore } from '../../src/analytics/sql-analytics-store';
import { SqlTranscriptStore } from '../../src/analytics/sql-transcript-store';
import type { TranscriptEntry } from '../../src/analytics/transcript-store';
import type { TextCipher } from '../../src/privacy/customer-data';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { describeOnEverySqlEngine, type SqlTestDatabase } from '../support/sql';

const cipher: TextCipher = {
  encrypt: (plain) => `k1:${Buffer.from(plain).toString('base64')}`,
  decrypt: (stored) => Buffer.from(stored.slice(3), 'base64').toString(),
};

function line(conversationId: string, text: string, extra: Partial<TranscriptEntry> = {}): TranscriptEntry {
  return {
    conversationId,
    channelId: 'webchat',
    role: 'customer',
    text,
    userId: `u-${conversationId}`,
    timestamp: '2026-11-02T10:00:00.000Z',
    ...extra,
  };
}

describeOnEverySqlEngine('SqlTranscriptStore', (engine) => {
  let database: SqlTestDatabase;
  let db: SqlDatabase;
  let events: SqlAnalyticsStore;
  let store: SqlTranscriptStore;

  beforeEach(() => {
    database = engine();
    db = database.open();
    events = new SqlAnalyticsStore({ db });
    store = new SqlTranscriptStore({ db, schema: events, cipher });
  });

  afterEach(async () => {
    await store.close();
    await events.close();
    await database.drop();
  });

  test('stores lines redacted, then encrypted; lists them decrypted, in order, pending ones included', async () => {
    await store.append(line('c1', 'my card is 4111 1111 1111 1111, mail a@b.com'));
    await store.append(line('c1', 'Got it.', { role: 'bot', userId: undefined }));
    await store.append(line('c2', 'other conversation'));
    const lines = await store.list('c1');
    expect(lines.map((l) => [l.role, l.text])).toEqual([
      ['customer', 'my card is [CARD_NUMBER], mail [EMAIL]'],
      ['bot', 'Got it.'],
    ]);
    expect(lines[0]).toMatchObject({
      channelId: 'webchat',
      userId: 'u-c1',
      timestamp: '2026-11-02T10:00:00.000Z',
    });
    const raw = await db.query('SELECT text FROM analytics_transcripts ORDER BY id');
    expect(String(raw[0]?.['text'])).toMatch(/^k1:/);
    expect(raw.some((r) => String(r['text']).includes('4111'))).toBe(false);
    expect(await store.list('unknown')).toEqual([]);
  });

  test('lists lines by when they were said, whatever order the batches were written in', async () => {
    // Two processes' buffers: the later line's batch reaches the database first.
    await store.append(line('c9', 'second', { timestamp: '2026-11-02T10:00:02.000Z' }));
    await store.list('c9');
    await store.append(line('c9', 'first', { timestamp: '2026-11-02T10:00:01.000Z' }));
    expect((await store.list('c9')).map((l) => l.text)).toEqual(['first', 'second']);
  });

  test('exports and erases one customer across identities and known conversations', async () => {
    await store.append(line('c1', 'hello'));
    await store.append(line('c2', 'hi', { channelId: 'sms', userId: '+12025550101' }));
    await store.append(line('c3', 'someone else'));
    const customer = {
      identities: [{ channelId: 'sms', userId: '+12025550101' }],
      conversationIds: ['c1'],
    };
    expect((await store.conversationsOf(customer)).sort()).toEqual(['c1', 'c2']);
    const exported = await store.export(customer);
    expect(exported.records.map((r) => (r as TranscriptEntry).text).sort()).toEqual(['hello', 'hi']);
    expect(await store.erase(customer)).toBe(2);
    expect(await store.list('c1')).toEqual([]);
    expect((await store.list('c3')).length).toBe(1);
  });

  test('retention deletes lines before the cutoff', async () => {
    await store.append(line('c1', 'old', { timestamp: '2026-10-01T09:00:00.000Z' }));
    await store.append(line('c1', 'new', { timestamp: '2026-11-02T09:00:00.000Z' }));
    await store.list('c1');
    expect(await store.deleteOlderThan(new Date('2026-11-01T00:00:00Z'))).toBe(1);
    expect((await store.list('c1')).map((l) => l.text)).toEqual(['new']);
  });
});
