import type { AuditLog } from '../../src/audit/audit-log';

/** A log under test and how to close it. */
export interface AuditLogUnderTest {
  log: AuditLog & { purgeBefore(cutoff: Date): Promise<number> };
  close(): Promise<void>;
}

/** The conformance suite every `AuditLog` implementation passes (memory, SQLite, PostgreSQL). */
export function runAuditLogSuite(create: () => Promise<AuditLogUnderTest>): void {
  let subject: AuditLogUnderTest;
  beforeEach(async () => {
    subject = await create();
  });
  afterEach(async () => {
    await subject.close();
  });

  test('records who, what and when, and lists oldest first', async () => {
    const { log } = subject;
    await log.record({ actor: 'alice', action: 'login', at: '2026-01-01T10:00:00.000Z' });
    await log.record({
      actor: 'alice',
      action: 'claim',
      target: 'h-1',
      details: { skill: 'billing', priority: 2, vip: false },
      at: '2026-01-01T10:05:00.000Z',
    });
    await log.record({ actor: 'bob', action: 'login-failed', at: '2026-01-01T09:00:00.000Z' });
    const all = await log.list({});
    expect(all.map((r) => r.action)).toEqual(['login-failed', 'login', 'claim']);
    expect(all[2]).toEqual({
      actor: 'alice',
      action: 'claim',
      target: 'h-1',
      details: { skill: 'billing', priority: 2, vip: false },
      at: '2026-01-01T10:05:00.000Z',
    });
  });

  test('sets the time when the entry has none', async () => {
    const before = new Date().toISOString();
    await subject.log.record({ actor: 'system', action: 'config-change' });
    const [record] = await subject.log.list({});
    expect((record?.at ?? '') >= before).toBe(true);
  });

  test('filters by window [from, to), actor, action and limit', async () => {
    const { log } = subject;
    for (let hour = 0; hour < 5; hour++) {
      const at = `2026-02-01T0${hour}:00:00.000Z`;
      await log.record({ actor: hour % 2 ? 'bob' : 'alice', action: hour < 3 ? 'login' : 'logout', at });
    }
    const window = await log.list({
      from: new Date('2026-02-01T01:00:00Z'),
      to: new Date('2026-02-01T04:00:00Z'),
    });
    expect(window.map((r) => r.at.slice(11, 13))).toEqual(['01', '02', '03']);
    expect((await log.list({ actor: 'bob' })).length).toBe(2);
    expect((await log.list({ action: 'logout' })).length).toBe(2);
    expect((await log.list({ actor: 'alice', action: 'login' })).length).toBe(2);
    expect((await log.list({ limit: 2 })).map((r) => r.at.slice(11, 13))).toEqual(['00', '01']);
    expect((await log.list({ limit: 2, newestFirst: true })).map((r) => r.at.slice(11, 13))).toEqual([
      '04',
      '03',
    ]);
  });

  test('refuses an unknown action or a missing actor', async () => {
    await expect(subject.log.record({ actor: 'x', action: 'drop-table' as never })).rejects.toMatchObject({
      code: 'SWB_ERR_VALIDATION',
    });
    await expect(subject.log.record({ actor: '', action: 'login' })).rejects.toMatchObject({
      code: 'SWB_ERR_VALIDATION',
    });
  });

  test('a listed record cannot be changed through the returned object', async () => {
    await subject.log.record({ actor: 'alice', action: 'erase', target: 'cust-1' });
    const [first] = await subject.log.list({});
    if (first) first.actor = 'mallory';
    expect((await subject.log.list({}))[0]?.actor).toBe('alice');
  });

  test('retention deletes only the records before the cutoff', async () => {
    const { log } = subject;
    await log.record({ actor: 'a', action: 'login', at: '2025-01-01T00:00:00.000Z' });
    await log.record({ actor: 'b', action: 'login', at: '2025-06-01T00:00:00.000Z' });
    await log.record({ actor: 'c', action: 'login', at: '2026-01-01T00:00:00.000Z' });
    expect(await log.purgeBefore(new Date('2025-07-01T00:00:00Z'))).toBe(2);
    expect((await log.list({})).map((r) => r.actor)).toEqual(['c']);
  });
}
