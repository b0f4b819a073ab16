import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { SqlAuditLog } from '../../src/audit/sql-audit-log';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { describeOnEverySqlEngine } from '../support/sql';
import { runAuditLogSuite } from './audit-log-suite';

// Generous: these suites share two loaded cores with the fuzz test and other helpers' suites.
jest.setTimeout(30_000);

describe('MemoryAuditLog', () => {
  runAuditLogSuite(async () => ({ log: new MemoryAuditLog(), close: async () => undefined }));
});

/**
 * The engine's refusal. Matched by message, not `toThrow`: better-sqlite3's native addon keeps the
 * `SqliteError` class of the first test file that loaded it in a worker, which is not an `Error` of
 * later files' realms, so `toThrow` would report "did not throw" (regression seen in CI).
 */
const appendOnlyRefusal = { message: expect.stringMatching(/append-only/) };

describeOnEverySqlEngine('SqlAuditLog', (engine) => {
  runAuditLogSuite(async () => {
    const database = engine();
    const db = database.open();
    const log = await SqlAuditLog.open(db);
    return {
      log,
      close: async () => {
        await db.close();
        await database.drop();
      },
    };
  });

  describe('append-only, enforced by the database', () => {
    let db: SqlDatabase;
    let drop: () => Promise<void>;
    beforeEach(async () => {
      const database = engine();
      db = database.open();
      drop = database.drop;
      const log = await SqlAuditLog.open(db);
      await log.record({ actor: 'alice', action: 'transcript-view', target: 'h-1' });
      // A trigger fires per row: with no row, a refused UPDATE would pass unnoticed.
      expect(await db.query('SELECT 1 FROM swb_audit_log')).toHaveLength(1);
    });
    afterEach(async () => {
      await db.close();
      await drop();
    });

    test('UPDATE is refused and changes nothing', async () => {
      await expect(db.execute("UPDATE swb_audit_log SET actor = 'mallory'")).rejects.toMatchObject(
        appendOnlyRefusal,
      );
      const rows = await db.query<{ actor: string }>('SELECT actor FROM swb_audit_log');
      expect(rows.map((r) => r.actor)).toEqual(['alice']);
    });

    test('DELETE is refused outside retention and changes nothing', async () => {
      await expect(db.execute('DELETE FROM swb_audit_log')).rejects.toMatchObject(appendOnlyRefusal);
      expect(await db.query('SELECT 1 FROM swb_audit_log')).toHaveLength(1);
    });

    test('a retention window for older rows does not let newer rows be deleted', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO swb_audit_retention (cutoff) VALUES (?)', [
            '2000-01-01T00:00:00.000Z',
          ]);
          await tx.execute('DELETE FROM swb_audit_log');
        }),
      ).rejects.toMatchObject(appendOnlyRefusal);
      expect(await db.query('SELECT 1 FROM swb_audit_log')).toHaveLength(1);
    });

    test('migrating twice is harmless', async () => {
      await SqlAuditLog.open(db);
      expect(await db.query('SELECT 1 FROM swb_audit_log')).toHaveLength(1);
    });
  });
});
