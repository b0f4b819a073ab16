/** The audit log port: who did what, when. Append-only: no update, no delete (retention aside). */

/** What happened. */
export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'claim'
  | 'transfer'
  | 'resolve'
  | 'transcript-view'
  | 'export'
  | 'erase'
  | 'config-change';

/** One audit record. */
export interface AuditEntry {
  /** Who: an agent id, `admin-api`, `cli`, or `system`. */
  actor: string;
  action: AuditAction;
  /** What it was done to: a handoff id, a customer ref, a conversation id. */
  target?: string;
  /** Extra facts, never PII (redact before). */
  details?: Record<string, string | number | boolean>;
  /** ISO 8601; set by the log when absent. */
  at?: string;
}

/** Which audit records to list. */
export interface AuditQuery {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: AuditAction;
  limit?: number;
  /** Newest first instead of oldest first (with `limit`: the latest records). */
  newestFirst?: boolean;
}

/** Where audit records go. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Records in [from, to), oldest first (or newest first with `newestFirst`). */
  list(query: AuditQuery): Promise<Array<AuditEntry & { at: string }>>;
}
