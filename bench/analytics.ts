/**
 * Analytics benchmark (`npm run bench:analytics`):
 * (a) web chat turn throughput of the embedded demo with analytics off and on, measured in the
 *     same run with both servers running side by side, so other load on a shared machine hits
 *     both alike; target: on ≥ 90 % of off;
 * (b) the dashboard's queries over 1,000,000 stored events on SQLite and on PostgreSQL
 *     (`DATABASE_URL`), for a 30-day range, the whole 90 days held, and a 366-day range;
 *     target: ≤ 500 ms each.
 * Env: BENCH_SECONDS (15), BENCH_CONCURRENCY (25 per server), BENCH_ROUNDS (3),
 * BENCH_EVENTS (default 1,000,000), BENCH_PARTS (comma list of throughput,sqlite,postgres).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { AnalyticsEvent, AnalyticsEventType } from '../src/analytics/analytics-event';
import type { MetricsFilter } from '../src/analytics/analytics-metrics';
import { SqlAnalyticsStore } from '../src/analytics/sql-analytics-store';
import { PostgresDatabase } from '../src/sql/postgres-database';
import type { SqlDatabase } from '../src/sql/sql-database';
import { SqliteDatabase } from '../src/sql/sqlite-database';
import { fmt, summarize } from './lib/stats';
import { conversation, startServer } from './webchat-throughput';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
/** Customers per server (two servers run at once, so half of bench:webchat's 50 each). */
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 25);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const WARMUP_SECONDS = 3;
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const PARTS = (process.env['BENCH_PARTS'] ?? 'throughput,sqlite,postgres').split(',');
/** Days the seeded events spread over (a quarter of traffic). */
const DAYS_HELD = 90;
const FIRST_DAY = Date.parse('2026-01-01T00:00:00Z');
const DAY_MS = 86_400_000;
const EVENTS_PER_CONVERSATION = 5;
const INSERT_BATCH = 10_000;
const QUERY_RUNS = 5;
const INTENTS = [
  'check_balance',
  'report_lost_card',
  'dispute_charge',
  'change_address',
  'greeting',
  'help',
  'None',
  'talk_to_agent',
  'goodbye',
  'thanks',
];
const CHANNELS = ['webchat', 'slack', 'sms', 'voice'];
/** The fifth event of each conversation cycles through these kinds. */
const OUTCOMES: AnalyticsEventType[] = [
  'faq_answered',
  'faq_feedback',
  'form_started',
  'form_completed',
  'escalated',
  'picked',
  'resolved',
  'csat',
  'faq_unanswered',
  'form_abandoned',
];

interface SideResult {
  throughput: number;
  errors: number;
  p50: number;
  p99: number;
}

/** Drives one server with `concurrency` customers until `until`; its throughput after warm-up. */
async function drive(port: number, warmUntil: number, until: number): Promise<SideResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const counts = { ok: 0, errors: 0 };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      conversation(agent, port, until, warmUntil, latencies, counts, i),
    ),
  );
  agent.destroy();
  const { p50, p99 } = summarize(latencies);
  return { throughput: counts.ok / ((until - warmUntil) / 1000), errors: counts.errors, p50, p99 };
}

/**
 * Both servers run at once, each in its own process, each driven by the same number of customers
 * for the same seconds: the machine's other load (other jobs on a shared runner) hits both alike,
 * and analytics' cost shows as the share of the CPU the "on" server needs per turn.
 */
async function pairedRound(base: number): Promise<{ off: SideResult; on: SideResult }> {
  const [offServer, onServer] = await Promise.all([
    startServer('embedded-analytics-off', base),
    startServer('embedded-analytics-on', base + 1),
  ]);
  try {
    const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
    const until = warmUntil + SECONDS * 1000;
    const [off, on] = await Promise.all([drive(base, warmUntil, until), drive(base + 1, warmUntil, until)]);
    return { off, on };
  } finally {
    offServer.kill('SIGTERM');
    onServer.kill('SIGTERM');
  }
}

async function throughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-analytics-'));
  process.env['BENCH_ANALYTICS_SQLITE'] = join(dir, 'analytics.sqlite');
  const base = 43000 + (process.pid % 500) * 8;
  const rounds: Array<{ off: SideResult; on: SideResult }> = [];
  try {
    for (let round = 0; round < ROUNDS; round++) rounds.push(await pairedRound(base + round * 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const total = (side: 'off' | 'on') => rounds.reduce((s, r) => s + r[side].throughput, 0);
  const ratio = total('on') / total('off');
  console.log(
    `\n(a) Web chat turns, embedded demo, analytics off and on side by side, ${CONCURRENCY} customers each, ${SECONDS} s, ${ROUNDS} rounds`,
  );
  console.log('round  variant  turns/s   p50 ms   p99 ms  errors');
  for (const [i, r] of rounds.entries()) {
    for (const side of ['off', 'on'] as const) {
      const x = r[side];
      console.log(
        `${String(i + 1).padStart(5)}  ${side.padEnd(7)} ${fmt(x.throughput, 1).padStart(8)} ${fmt(x.p50).padStart(8)} ${fmt(x.p99).padStart(8)} ${String(x.errors).padStart(7)}`,
      );
    }
  }
  console.log(`on is ${fmt(100 * ratio, 1)} % of off over all rounds (target ≥ 90 %)`);
  console.log(JSON.stringify({ bench: 'analytics-throughput', ratio, rounds }));
}

function eventAt(i: number): AnalyticsEvent {
  const conversation = Math.floor(i / EVENTS_PER_CONVERSATION);
  const step = i % EVENTS_PER_CONVERSATION;
  const day = conversation % DAYS_HELD;
  const at = new Date(FIRST_DAY + day * DAY_MS + (conversation % 86_000) * 1000).toISOString();
  // A prime stride so that intents and channels combine freely (every day × channel × intent row exists).
  const intent = INTENTS[Math.floor(conversation / 7) % INTENTS.length] as string;
  const base = {
    at,
    channelId: CHANNELS[conversation % CHANNELS.length] as string,
    conversationId: `bench-${conversation}`,
    userId: `user-${conversation % 50_000}`,
    intent,
  };
  if (step === 0 || step === 2)
    return {
      ...base,
      type: 'message_in',
      confidence: 0.8,
      outOfScope: intent === 'None',
      sentimentScore: 0,
      sentimentLabel: conversation % 7 === 0 ? 'negative' : 'neutral',
    };
  if (step !== 4) return { ...base, type: 'message_out' };
  const type = OUTCOMES[conversation % OUTCOMES.length] as AnalyticsEventType;
  return {
    ...base,
    type,
    reason: 'customer-asked',
    skill: 'general',
    helpful: conversation % 2 === 0,
    csat: 1 + (conversation % 5),
    durationMs: 30_000 + (conversation % 60) * 1000,
    form: 'lostCard',
  };
}

async function seed(store: SqlAnalyticsStore, db: SqlDatabase): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < EVENTS; i += INSERT_BATCH) {
    const n = Math.min(INSERT_BATCH, EVENTS - i);
    await store.insert(Array.from({ length: n }, (_, k) => eventAt(i + k)));
  }
  // Planner statistics, as a production database keeps them (autovacuum, `PRAGMA optimize`).
  await db.script(db.dialect === 'postgres' ? 'ANALYZE analytics_events' : 'ANALYZE');
  return Date.now() - started;
}

/** The dashboard's queries, each timed on its own (median of QUERY_RUNS after one warm-up). */
function dashboardQueries(
  store: SqlAnalyticsStore,
  range: MetricsFilter,
): Array<[string, () => Promise<unknown>]> {
  return [
    ['totals', () => store.metrics({ ...range, groupBy: [] })],
    ['per day', () => store.metrics({ ...range, groupBy: ['day'] })],
    ['per intent', () => store.metrics({ ...range, groupBy: ['intent'] })],
    ['per channel', () => store.metrics({ ...range, groupBy: ['channel'] })],
    ['escalation reasons', () => store.escalationReasons(range)],
    ['report day×intent×channel', () => store.metrics({ ...range, groupBy: ['day', 'intent', 'channel'] })],
  ];
}

async function timeQuery(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

function day(offset: number): string {
  return new Date(FIRST_DAY + offset * DAY_MS).toISOString().slice(0, 10);
}

async function queries(engine: string, db: SqlDatabase): Promise<void> {
  const store = new SqlAnalyticsStore({ db });
  try {
    const seedMs = await seed(store, db);
    const [rollupRows] = await db.query('SELECT COUNT(*) AS n FROM analytics_daily');
    console.log(
      `\n(b) ${engine}: ${EVENTS.toLocaleString('en')} events over ${DAYS_HELD} days stored in ${fmt(seedMs / 1000, 1)} s (${Number(rollupRows?.['n'])} daily rollup rows)`,
    );
    const ranges: Array<[string, MetricsFilter]> = [
      ['last 30 days', { from: day(DAYS_HELD - 30), to: day(DAYS_HELD) }],
      [`all ${DAYS_HELD} days`, { from: day(0), to: day(DAYS_HELD) }],
      ['366 days', { from: day(DAYS_HELD - 366), to: day(DAYS_HELD) }],
    ];
    const figures: Record<string, Record<string, number>> = {};
    console.log(
      `query (median of ${QUERY_RUNS}, ms)`.padEnd(28) + ranges.map(([n]) => n.padStart(14)).join(''),
    );
    for (const [name] of dashboardQueries(store, ranges[0]?.[1] as MetricsFilter)) {
      const row: Record<string, number> = {};
      for (const [rangeName, range] of ranges) {
        const query = dashboardQueries(store, range).find(([n]) => n === name)?.[1] as () => Promise<unknown>;
        row[rangeName] = await timeQuery(query);
      }
      figures[name] = row;
      console.log(
        name.padEnd(28) +
          Object.values(row)
            .map((ms) => fmt(ms, 1).padStart(14))
            .join(''),
      );
    }
    console.log(JSON.stringify({ bench: 'analytics-queries', engine, events: EVENTS, seedMs, figures }));
  } finally {
    await store.close();
  }
}

async function postgres(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.log('\n(b) PostgreSQL skipped: DATABASE_URL is not set.');
    return;
  }
  const schema = `bench_analytics_${process.pid}`;
  try {
    await queries('PostgreSQL', new PostgresDatabase({ url, schema }));
  } finally {
    const pool = new Pool({ connectionString: url, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  }
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-sqlite-'));
  try {
    await queries('SQLite (file)', new SqliteDatabase({ path: join(dir, 'analytics.sqlite') }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (PARTS.includes('throughput')) await throughput();
  if (PARTS.includes('sqlite')) await sqlite();
  if (PARTS.includes('postgres')) await postgres();
}

void main();
