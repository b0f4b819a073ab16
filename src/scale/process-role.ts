import { InvalidRoleError } from '../errors';

/**
 * What one process runs: `web` (HTTP, webhooks, sockets, the agent console), `worker` (queue
 * consumers: handoff timers, outbound retries, registered worker hooks) or `all` (both; the default,
 * and the only choice without Redis, where nothing is shared between processes).
 */
export type ProcessRole = 'web' | 'worker' | 'all';

/** Every role, as accepted by `--role` and `SWITCHBOARD_ROLE`. */
export const PROCESS_ROLES: readonly ProcessRole[] = ['web', 'worker', 'all'];

/** Reads a role (`undefined` or empty: `all`); anything else is `InvalidRoleError`. */
export function parseProcessRole(value: string | undefined): ProcessRole {
  if (value === undefined || value === '') return 'all';
  const role = value.trim().toLowerCase();
  if ((PROCESS_ROLES as readonly string[]).includes(role)) return role as ProcessRole;
  throw new InvalidRoleError(value);
}

/** True when the role serves HTTP, webhooks and sockets. */
export function runsWeb(role: ProcessRole): boolean {
  return role !== 'worker';
}

/** True when the role consumes queues. */
export function runsWorkers(role: ProcessRole): boolean {
  return role !== 'web';
}
