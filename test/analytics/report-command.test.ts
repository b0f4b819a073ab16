/** `switchboard report`: the metrics per day × intent × channel as CSV and JSON, and bad ranges refused. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_COLUMNS } from '../../src/analytics/report-format';
import { SqlAnalyticsStore } from '../../src/analytics/sql-analytics-store';
import { runReport } from '../../src/cli/commands/report';
import { SqliteDatabase } from '../../src/sql/sqlite-database';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
    },
  };
}

describe('switchboard report', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'swb-report-'));
    path = join(dir, 'analytics.sqlite');
    const store = new SqlAnalyticsStore({ db: new SqliteDatabase({ path }) });
    const at = '2026-11-02T08:00:00.000Z';
    await store.insert([
      { type: 'message_in', at, channelId: 'webchat', conversationId: 'a', intent: 'check_balance' },
      { type: 'message_in', at, channelId: 'webchat', conversationId: 'b', intent: 'check_balance' },
      {
        type: 'escalated',
        at,
        channelId: 'webchat',
        conversationId: 'b',
        intent: 'check_balance',
        reason: 'form-failed',
      },
      {
        type: 'message_in',
        at: '2026-11-03T08:00:00.000Z',
        channelId: 'sms',
        conversationId: 'c',
        intent: 'help, "quoted"',
      },
    ]);
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('CSV: a header and one row per day × intent × channel', async () => {
    const { out, io: streams } = io();
    expect(await runReport(['--from', '2026-11-01', '--to', '2026-11-04', '--db', path], streams)).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','));
    expect(lines[1]?.startsWith('2026-11-02,check_balance,webchat,2,0.5000,0.5000,')).toBe(true);
    expect(lines[2]?.startsWith('2026-11-03,"help, ""quoted""",sms,1,1.0000,0.0000,')).toBe(true);
    expect(lines).toHaveLength(3);
  });

  test('JSON: the rows and the escalation reasons', async () => {
    const { out, io: streams } = io();
    expect(
      await runReport(
        ['--from', '2026-11-02', '--to', '2026-11-03', '--format', 'json', '--db', path],
        streams,
      ),
    ).toBe(0);
    const report = JSON.parse(out.stdout) as {
      rows: Array<{ conversations: number }>;
      escalationReasons: unknown;
    };
    expect(report.rows.map((r) => r.conversations)).toEqual([2]);
    expect(report.escalationReasons).toEqual([{ reason: 'form-failed', count: 1 }]);
  });

  test('a reversed or too-long range is refused with the code; a missing database is an empty report', async () => {
    const { out, io: streams } = io();
    expect(await runReport(['--from', '2026-11-04', '--to', '2026-11-01', '--db', path], streams)).toBe(2);
    expect(out.stderr).toContain('SWB_ERR_ANALYTICS_QUERY');
    expect(await runReport(['--from', '2024-01-01', '--to', '2026-01-01', '--db', path], streams)).toBe(2);
    expect(await runReport(['--from', '2026-11-01', '--to', '2026-11-02', '--format', 'xml'], streams)).toBe(
      2,
    );
    const empty = io();
    const missing = join(dir, 'none.sqlite');
    expect(await runReport(['--from', '2026-11-01', '--to', '2026-11-02', '--db', missing], empty.io)).toBe(
      0,
    );
    expect(empty.out.stdout.trim()).toBe(REPORT_COLUMNS.join(','));
  });
});
