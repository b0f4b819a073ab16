import type { MetricsRow } from './analytics-metrics';

/** The report's columns, in order: dimensions, rates, then the counts they come from. */
export const REPORT_COLUMNS = [
  'day',
  'intent',
  'channel',
  'conversations',
  'containment_rate',
  'escalation_rate',
  'out_of_scope_rate',
  'faq_answer_rate',
  'helped_rate',
  'form_completion_rate',
  'avg_wait_ms',
  'avg_handle_ms',
  'csat_average',
  'negative_share',
  'escalated_conversations',
  'messages_in',
  'out_of_scope',
  'faq_answered',
  'faq_unanswered',
  'helped_yes',
  'helped_no',
  'forms_started',
  'forms_completed',
  'forms_abandoned',
  'escalations',
  'picked',
  'resolved',
  'csat_count',
  'sentiment_scored',
  'negative_messages',
  'messages_out',
] as const;

/** Rates with 4 decimals, times in whole ms: enough precision for a spreadsheet. */
function fixed(value: number | null, digits: number): string {
  return value === null ? '' : value.toFixed(digits);
}

function cells(r: MetricsRow): string[] {
  return [
    r.day ?? '',
    r.intent ?? '',
    r.channelId ?? '',
    String(r.conversations),
    fixed(r.containmentRate, 4),
    fixed(r.escalationRate, 4),
    fixed(r.outOfScopeRate, 4),
    fixed(r.faqAnswerRate, 4),
    fixed(r.helpedRate, 4),
    fixed(r.formCompletionRate, 4),
    fixed(r.avgWaitMs, 0),
    fixed(r.avgHandleMs, 0),
    fixed(r.csatAverage, 2),
    fixed(r.negativeShare, 4),
    ...[
      r.escalatedConversations,
      r.messagesIn,
      r.outOfScope,
      r.faqAnswered,
      r.faqUnanswered,
      r.helpedYes,
      r.helpedNo,
      r.formsStarted,
      r.formsCompleted,
      r.formsAbandoned,
      r.escalations,
      r.picked,
      r.resolved,
      r.csatCount,
      r.sentimentScored,
      r.negativeMessages,
      r.messagesOut,
    ].map(String),
  ];
}

/** Quotes a CSV field when needed (RFC 4180) and defuses spreadsheet formulas in names. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The metrics rows as CSV with a header line (empty rates are empty cells). */
export function metricsCsv(rows: readonly MetricsRow[]): string {
  const lines = [REPORT_COLUMNS.join(','), ...rows.map((r) => cells(r).map(csvField).join(','))];
  return `${lines.join('\n')}\n`;
}
