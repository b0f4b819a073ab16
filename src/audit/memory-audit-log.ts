import type { AuditEntry, AuditLog, AuditQuery } from './audit-log';
import { type AuditRecord, matchesQuery, stamp } from './audit-query';

/**
 * The audit log in memory: for `npm start` without a database and for tests. Append-only like
 * the SQL one: records can be added and read, never changed; only {@link purgeBefore} (retention)
 * removes the oldest.
 */
export class MemoryAuditLog implements AuditLog {
  private readonly records: AuditRecord[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async record(entry: AuditEntry): Promise<void> {
    // A frozen copy: a caller changing its object afterwards cannot rewrite history.
    this.records.push(Object.freeze(stamp(entry, this.now)));
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    // Sorted by time, ties in insertion order (Array.prototype.sort is stable), like the SQL log.
    const found = this.records.filter((r) => matchesQuery(r, query)).sort(byTime);
    if (query.newestFirst) found.reverse();
    return found.slice(0, query.limit ?? found.length).map((r) => structuredClone(r));
  }

  /** Retention: deletes the records older than `cutoff`; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const at = cutoff.toISOString();
    const keep = this.records.filter((r) => r.at >= at);
    const removed = this.records.length - keep.length;
    this.records.splice(0, this.records.length, ...keep);
    return removed;
  }
}

function byTime(a: AuditRecord, b: AuditRecord): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
}
