import type { SqlDatabase, SqlRow, SqlValue } from '../sql/sql-database';
import { ALL_INTENTS, NO_INTENT } from './analytics-rollup';

/** A dimension the metrics can be broken down by. */
export type MetricsDimension = 'day' | 'intent' | 'channel';

/** Which events a metrics query covers: the days [from, to) and optional slices. */
export interface MetricsFilter {
  /** First day (`YYYY-MM-DD`, UTC), included. */
  from: string;
  /** Day after the last (`YYYY-MM-DD`, UTC), excluded. */
  to: string;
  intent?: string;
  channelId?: string;
}

/** Options of {@link queryMetrics}. */
export interface MetricsQuery extends MetricsFilter {
  /** Dimensions to group by, e.g. `['day', 'intent', 'channel']`; none: one total row. */
  groupBy: readonly MetricsDimension[];
}

/** The counts one metrics row adds up; every rate is derived from them. */
export interface MetricsCounts {
  /** Distinct conversations with a customer message. */
  conversations: number;
  /** Distinct conversations that went to a person. */
  escalatedConversations: number;
  messagesIn: number;
  outOfScope: number;
  faqAnswered: number;
  faqUnanswered: number;
  helpedYes: number;
  helpedNo: number;
  formsStarted: number;
  formsCompleted: number;
  formsAbandoned: number;
  escalations: number;
  picked: number;
  waitMsTotal: number;
  resolved: number;
  handleMsTotal: number;
  csatCount: number;
  csatTotal: number;
  /** Customer messages with a sentiment score, and the negative ones among them. */
  sentimentScored: number;
  negativeMessages: number;
  /** Messages the bot and agents sent. */
  messagesOut: number;
}

/** Rates and averages of a row; `null` where the denominator is zero. */
export interface MetricsRates {
  /** Conversations the bot handled without a person. */
  containmentRate: number | null;
  escalationRate: number | null;
  outOfScopeRate: number | null;
  /** FAQ questions answered over questions asked (answered + unanswered). */
  faqAnswerRate: number | null;
  /** "Did that help?" yes over answers. */
  helpedRate: number | null;
  formCompletionRate: number | null;
  avgWaitMs: number | null;
  avgHandleMs: number | null;
  csatAverage: number | null;
  /** Share of scored customer messages that were negative. */
  negativeShare: number | null;
}

/** One row: its dimension values, counts and rates. */
export interface MetricsRow extends MetricsCounts, MetricsRates {
  day?: string;
  intent?: string | null;
  channelId?: string;
}

const DIMENSION_COLUMNS: Record<MetricsDimension, string> = {
  day: 'day',
  intent: 'intent',
  channel: 'channel_id',
};

/** The counters summed from the rollups, by their name in {@link MetricsCounts}. */
const ADDITIVE: Array<Exclude<keyof MetricsCounts, 'conversations' | 'escalatedConversations'>> = [
  'messagesIn',
  'outOfScope',
  'faqAnswered',
  'faqUnanswered',
  'helpedYes',
  'helpedNo',
  'formsStarted',
  'formsCompleted',
  'formsAbandoned',
  'escalations',
  'picked',
  'waitMsTotal',
  'resolved',
  'handleMsTotal',
  'csatCount',
  'csatTotal',
  'sentimentScored',
  'negativeMessages',
  'messagesOut',
];

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The sums of a query. Per intent, every rollup row is summed; otherwise the additive counters
 * come from the intent rows and the distinct conversations from the day-and-channel rows ('*').
 */
function aggregates(byIntent: boolean): string {
  const conversations = ['conversations', 'escalated_conversations'].map((c) =>
    byIntent ? `SUM(${c}) AS ${c}` : `SUM(CASE WHEN intent = '${ALL_INTENTS}' THEN ${c} ELSE 0 END) AS ${c}`,
  );
  const additive = ADDITIVE.map(snake).map((c) =>
    byIntent ? `SUM(${c}) AS ${c}` : `SUM(CASE WHEN intent = '${ALL_INTENTS}' THEN 0 ELSE ${c} END) AS ${c}`,
  );
  return [...conversations, ...additive].join(',\n  ');
}

/** The WHERE clause of a filter on the rollups (their primary key starts with `day`). */
export function filterClause(filter: MetricsFilter, byIntent: boolean): { sql: string; params: SqlValue[] } {
  const parts = ['day >= ?', 'day < ?'];
  const params: SqlValue[] = [filter.from, filter.to];
  if (filter.intent !== undefined) {
    parts.push('intent = ?');
    params.push(filter.intent);
  } else if (byIntent) {
    parts.push('intent <> ?');
    params.push(ALL_INTENTS);
  }
  if (filter.channelId !== undefined) {
    parts.push('channel_id = ?');
    params.push(filter.channelId);
  }
  return { sql: parts.join(' AND '), params };
}

/** Divides, or null when nothing was counted. */
function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The rates of a row of counts. */
export function ratesOf(c: MetricsCounts): MetricsRates {
  return {
    containmentRate: ratio(Math.max(0, c.conversations - c.escalatedConversations), c.conversations),
    escalationRate: ratio(c.escalatedConversations, c.conversations),
    outOfScopeRate: ratio(c.outOfScope, c.messagesIn),
    faqAnswerRate: ratio(c.faqAnswered, c.faqAnswered + c.faqUnanswered),
    helpedRate: ratio(c.helpedYes, c.helpedYes + c.helpedNo),
    formCompletionRate: ratio(c.formsCompleted, c.formsStarted),
    avgWaitMs: ratio(c.waitMsTotal, c.picked),
    avgHandleMs: ratio(c.handleMsTotal, c.resolved),
    csatAverage: ratio(c.csatTotal, c.csatCount),
    negativeShare: ratio(c.negativeMessages, c.sentimentScored),
  };
}

function rowOf(raw: SqlRow, groupBy: readonly MetricsDimension[]): MetricsRow {
  const counts = Object.fromEntries(
    ['conversations', 'escalatedConversations', ...ADDITIVE].map((name) => [
      name,
      Number(raw[snake(name)] ?? 0),
    ]),
  ) as unknown as MetricsCounts;
  const row: MetricsRow = { ...counts, ...ratesOf(counts) };
  if (groupBy.includes('day')) row.day = String(raw['day']);
  if (groupBy.includes('intent')) row.intent = raw['intent'] === NO_INTENT ? null : String(raw['intent']);
  if (groupBy.includes('channel')) row.channelId = String(raw['channel_id']);
  return row;
}

/**
 * The metrics of a range from the daily rollups, grouped by the given dimensions and ordered by
 * them. Conversations are conversation-days: a conversation counts once per day and channel it
 * had customer messages on (and once per intent in the per-intent rows, so those may add up to
 * more than the total); escalations count under the intent the bot was serving. A range with no
 * events gives one all-zero row when ungrouped.
 */
export async function queryMetrics(db: SqlDatabase, query: MetricsQuery): Promise<MetricsRow[]> {
  const columns = query.groupBy.map((d) => DIMENSION_COLUMNS[d]);
  const byIntent = query.groupBy.includes('intent') || query.intent !== undefined;
  const where = filterClause(query, byIntent);
  const grouped = columns.length > 0;
  const order = columns
    .map((c) => (c === 'intent' ? `CASE WHEN intent = '' THEN 0 ELSE 1 END, intent` : c))
    .join(', ');
  const sql = `SELECT ${grouped ? `${columns.join(', ')}, ` : ''}${aggregates(byIntent)}
FROM analytics_daily WHERE ${where.sql}${grouped ? ` GROUP BY ${columns.join(', ')} ORDER BY ${order}` : ''}`;
  const rows = await db.query(sql, where.params);
  return rows.map((raw) => rowOf(raw, query.groupBy));
}

/** Escalations in a range by reason, most frequent first (from the daily rollups). */
export async function queryEscalationReasons(
  db: SqlDatabase,
  filter: MetricsFilter,
): Promise<Array<{ reason: string; count: number }>> {
  const where = filterClause(filter, false);
  const rows = await db.query(
    `SELECT reason, SUM(escalations) AS n FROM analytics_daily_reasons WHERE ${where.sql}
GROUP BY reason ORDER BY n DESC, reason`,
    where.params,
  );
  return rows.map((r) => ({ reason: String(r['reason']), count: Number(r['n']) }));
}
