import { ValidationError } from '../errors';
import type { AuditAction, AuditEntry, AuditQuery } from './audit-log';

/** A stored audit record: the entry with its time set. */
export type AuditRecord = AuditEntry & { at: string };

/** Every action the log accepts (kept in step with `AuditAction`). */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'login',
  'login-failed',
  'logout',
  'claim',
  'transfer',
  'resolve',
  'transcript-view',
  'export',
  'erase',
  'config-change',
];

/** Longest actor or target kept: ids, never documents. */
const MAX_FIELD_CHARS = 200;

/**
 * Validates an entry and sets its time (`at`, ISO 8601 UTC) from `now` when absent. Throws
 * `ValidationError` for an unknown action or an empty actor: an audit record must say who and what.
 */
export function stamp(entry: AuditEntry, now: () => number): AuditRecord {
  if (!AUDIT_ACTIONS.includes(entry.action))
    throw new ValidationError(`Unknown audit action "${String(entry.action).slice(0, 40)}".`);
  if (!entry.actor) throw new ValidationError('An audit record needs an actor (who did it).');
  const at = entry.at ? new Date(entry.at).toISOString() : new Date(now()).toISOString();
  const record: AuditRecord = { actor: entry.actor.slice(0, MAX_FIELD_CHARS), action: entry.action, at };
  if (entry.target !== undefined) record.target = entry.target.slice(0, MAX_FIELD_CHARS);
  if (entry.details !== undefined) record.details = { ...entry.details };
  return record;
}

/** True when a record falls in the query's window and matches its actor and action. */
export function matchesQuery(record: AuditRecord, query: AuditQuery): boolean {
  if (query.from && record.at < query.from.toISOString()) return false;
  if (query.to && record.at >= query.to.toISOString()) return false;
  if (query.actor !== undefined && record.actor !== query.actor) return false;
  return query.action === undefined || record.action === query.action;
}
