import { migrate } from '../../src/sql/migrations';
import { numberPlaceholders } from '../../src/sql/postgres-database';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { describeOnEverySqlEngine } from '../support/sql';

const NOTES = {
  id: '001-notes',
  sql: {
    sqlite: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)',
    postgres: 'CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)',
  },
};
const INDEX = {
  id: '002-index',
  sql: { sqlite: 'CREATE INDEX notes_n ON notes (n)', postgres: 'CREATE INDEX notes_n ON notes (n)' },
};

describeOnEverySqlEngine('SqlDatabase', (engine) => {
  const test_ = engine();
  let db: SqlDatabase;

  beforeAll(async () => {
    db = test_.open();
    await migrate(db, 'notes', [NOTES]);
  });
  afterAll(async () => {
    await db.close();
    await test_.drop();
  });

  test('migrations apply once, in order, and later ones are added without replaying earlier ones', async () => {
    expect(await migrate(db, 'notes', [NOTES])).toEqual([]);
    expect(await migrate(db, 'notes', [NOTES, INDEX])).toEqual(['002-index']);
    const ledger = await db.query<{ id: string }>(
      'SELECT id FROM swb_migrations WHERE component = ? ORDER BY id',
      ['notes'],
    );
    expect(ledger.map((r) => r.id)).toEqual(['001-notes', '002-index']);
  });

  test('query binds ? parameters in order and execute reports changed rows', async () => {
    await db.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['a', 1]);
    await db.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['b', 2]);
    const rows = await db.query<{ body: string; n: unknown }>(
      'SELECT body, n FROM notes WHERE n >= ? AND body <> ?',
      [1, 'a'],
    );
    expect(rows.map((r) => [r.body, Number(r.n)])).toEqual([['b', 2]]);
    expect(await db.execute('UPDATE notes SET body = ? WHERE n <= ?', ['z', 2])).toBe(2);
  });

  test('a transaction that throws leaves nothing behind; one that resolves commits', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['rolled back', 10]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await db.transaction((tx) => tx.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['kept', 11]));
    const rows = await db.query<{ body: string }>('SELECT body FROM notes WHERE n >= ? ORDER BY n', [10]);
    expect(rows.map((r) => r.body)).toEqual(['kept']);
  });

  test('statements issued during another caller’s transaction are not part of it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['inside', 20]);
      await gate;
      throw new Error('abort');
    });
    const outside = db.execute('INSERT INTO notes (body, n) VALUES (?, ?)', ['outside', 21]);
    release();
    await expect(failing).rejects.toThrow('abort');
    await outside;
    const rows = await db.query<{ body: string }>('SELECT body FROM notes WHERE n >= ? ORDER BY n', [20]);
    expect(rows.map((r) => r.body)).toEqual(['outside']);
  });

  test('ping answers while the database is open', async () => {
    await expect(db.ping()).resolves.toBeUndefined();
  });
});

test('numberPlaceholders numbers ? for PostgreSQL', () => {
  expect(numberPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
});
