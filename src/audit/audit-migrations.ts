import type { Migration } from '../sql/migrations';

/**
 * The audit log's schema. `swb_audit_log` is append-only, enforced by the database itself:
 * - UPDATE is always refused (a trigger aborts it; on PostgreSQL TRUNCATE too);
 * - DELETE is refused unless the row is older than a cutoff written to `swb_audit_retention` in
 *   the same transaction, which only `SqlAuditLog.purgeBefore` (retention) does and then removes.
 */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-audit-log',
    sql: {
      sqlite: `
CREATE TABLE swb_audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT
);
CREATE INDEX swb_audit_log_at ON swb_audit_log (at);
CREATE TABLE swb_audit_retention (cutoff TEXT NOT NULL);
CREATE TRIGGER swb_audit_log_no_update BEFORE UPDATE ON swb_audit_log
BEGIN
  SELECT RAISE(ABORT, 'swb_audit_log is append-only: UPDATE is refused');
END;
CREATE TRIGGER swb_audit_log_no_delete BEFORE DELETE ON swb_audit_log
WHEN NOT EXISTS (SELECT 1 FROM swb_audit_retention r WHERE OLD.at < r.cutoff)
BEGIN
  SELECT RAISE(ABORT, 'swb_audit_log is append-only: DELETE is refused outside retention');
END;`,
      postgres: `
CREATE TABLE swb_audit_log (
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT
);
CREATE INDEX swb_audit_log_at ON swb_audit_log (at);
CREATE TABLE swb_audit_retention (cutoff TEXT NOT NULL);
CREATE FUNCTION swb_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM swb_audit_retention r WHERE OLD.at < r.cutoff) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'swb_audit_log is append-only: % is refused', TG_OP;
END;
$$;
CREATE TRIGGER swb_audit_log_no_change BEFORE UPDATE OR DELETE ON swb_audit_log
  FOR EACH ROW EXECUTE FUNCTION swb_audit_log_guard();
CREATE TRIGGER swb_audit_log_no_truncate BEFORE TRUNCATE ON swb_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION swb_audit_log_guard();`,
    },
  },
];
