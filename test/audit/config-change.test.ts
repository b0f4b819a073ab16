import { auditConfigChange } from '../../src/audit/config-change';
import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { loadConfig } from '../../src/config/load-config';

describe('auditConfigChange', () => {
  const config = (port: number, secret = 's'.repeat(40)) =>
    loadConfig({ env: {}, overrides: { server: { port }, webchat: { tokenSecrets: [secret] } } });

  test('records the first configuration, nothing when unchanged, the changed sections otherwise', async () => {
    const audit = new MemoryAuditLog();
    expect(await auditConfigChange(audit, config(3000))).toBe(true);
    expect(await auditConfigChange(audit, config(3000))).toBe(false);
    expect(await auditConfigChange(audit, config(4000))).toBe(true);
    const records = await audit.list({ action: 'config-change' });
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      actor: 'system',
      target: 'configuration',
      details: { changed: 'server' },
    });
  });

  test('never stores a secret, not even hashed on its own (secrets are masked first)', async () => {
    const audit = new MemoryAuditLog();
    await auditConfigChange(audit, config(3000, 'a'.repeat(40)));
    expect(await auditConfigChange(audit, config(3000, 'b'.repeat(40)))).toBe(false);
    expect(JSON.stringify(await audit.list({}))).not.toContain('aaaa');
  });
});
