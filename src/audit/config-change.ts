import { createHash } from 'node:crypto';
import { redactConfig } from '../config/load-config';
import type { SwitchboardConfig } from '../config/schema';
import type { AuditLog } from './audit-log';

/** Characters of each SHA-256 kept: enough to tell versions apart, short enough to read. */
const FINGERPRINT_CHARS = 16;

/**
 * Records a `config-change` when the deployment starts with a configuration that differs from the
 * last one recorded (actor `system`), naming the changed top-level sections. Only hashes of the
 * redacted configuration are stored (secrets are masked first, so a rotated secret is not seen).
 * Returns true when a change was recorded.
 *
 * @example await auditConfigChange(audit, config);
 */
export async function auditConfigChange(audit: AuditLog, config: SwitchboardConfig): Promise<boolean> {
  const sections = Object.fromEntries(
    Object.entries(redactConfig(config) as Record<string, unknown>).map(([key, value]) => [key, hash(value)]),
  );
  const fingerprint = hash(sections);
  const [last] = await audit.list({ action: 'config-change', newestFirst: true, limit: 1 });
  if (last?.details?.['fingerprint'] === fingerprint) return false;
  const changed = Object.keys(sections).filter((key) => last?.details?.[`section.${key}`] !== sections[key]);
  const details: Record<string, string> = { fingerprint, changed: changed.join(',') };
  for (const [key, value] of Object.entries(sections)) details[`section.${key}`] = value;
  await audit.record({ actor: 'system', action: 'config-change', target: 'configuration', details });
  return true;
}

function hash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value) ?? 'undefined')
    .digest('hex')
    .slice(0, FINGERPRINT_CHARS);
}
