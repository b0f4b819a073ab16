/**
 * `switchboard report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--db PATH]` prints
 * the analytics metrics per day × intent × channel (docs/analytics.md). Reads PostgreSQL when
 * `DATABASE_URL` is set, else the embedded SQLite file.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { MetricsFilter, MetricsRow } from '../../analytics/analytics-metrics';
import { DEFAULT_ANALYTICS_SQLITE_FILE } from '../../analytics/create-analytics';
import { parseMetricsFilter } from '../../analytics/metrics-range';
import { metricsCsv } from '../../analytics/report-format';
import { SqlAnalyticsStore } from '../../analytics/sql-analytics-store';
import { hasErrorCode } from '../../errors';
import { openSqlDatabase } from '../../sql/open-database';

const USAGE = `Usage: switchboard report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--db PATH]
  Analytics metrics per day, intent and channel: conversations, containment, escalation,
  out-of-scope, FAQ answer and "did that help" rates, form completion, wait and handle times, CSAT.
  --from    first UTC day, included
  --to      UTC day after the last, excluded (at most 366 days after --from)
  --format  csv (default) or json
  --db      SQLite file when DATABASE_URL is not set (default ${DEFAULT_ANALYTICS_SQLITE_FILE})
`;

/** Where the command writes and what it reads (tests pass their own). */
export interface ReportCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      db: { type: 'string', default: DEFAULT_ANALYTICS_SQLITE_FILE },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}

async function readMetrics(
  filter: MetricsFilter,
  source: { databaseUrl?: string; sqlitePath: string },
): Promise<{ rows: MetricsRow[]; escalationReasons: Array<{ reason: string; count: number }> }> {
  // Reporting must not create a database as a side effect.
  if (!source.databaseUrl && !existsSync(source.sqlitePath)) return { rows: [], escalationReasons: [] };
  const store = new SqlAnalyticsStore({ db: openSqlDatabase(source) });
  try {
    const rows = await store.metrics({ ...filter, groupBy: ['day', 'intent', 'channel'] });
    return { rows, escalationReasons: await store.escalationReasons(filter) };
  } finally {
    await store.close();
  }
}

/** Runs `report` with the given streams; resolves with the exit code. */
export async function runReport(args: string[], io: ReportCommandIo): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    io.stderr.write(`--format must be csv or json, got "${values.format}".\n`);
    return 2;
  }
  let filter: MetricsFilter;
  try {
    filter = parseMetricsFilter({ from: values.from, to: values.to });
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    io.stderr.write(`${error.code}: ${error.message}\n`);
    return 2;
  }
  const result = await readMetrics(filter, {
    databaseUrl: io.env['DATABASE_URL'] || undefined,
    sqlitePath: values.db,
  });
  io.stdout.write(
    values.format === 'json'
      ? `${JSON.stringify({ range: filter, ...result }, null, 2)}\n`
      : metricsCsv(result.rows),
  );
  return 0;
}

/** Entry point used by `src/cli/main.ts`. */
export async function run(args: string[]): Promise<number> {
  return runReport(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
