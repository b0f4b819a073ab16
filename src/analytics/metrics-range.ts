import { z } from 'zod';
import { AnalyticsQueryError } from '../errors';
import type { MetricsFilter } from './analytics-metrics';

/** The longest range a query may cover: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;
/** Longest intent or channel name accepted in a filter. */
const MAX_NAME_CHARS = 100;

const day = z.iso.date();

/** The query string of a metrics request (`from`, `to`, optional `intent`, `channel`). */
export const metricsFilterSchema = z
  .strictObject({
    from: day,
    to: day,
    intent: z.string().min(1).max(MAX_NAME_CHARS).optional(),
    channel: z.string().min(1).max(MAX_NAME_CHARS).optional(),
  })
  .refine((q) => q.from < q.to, { message: '`from` must be before `to`', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS <= MAX_RANGE_DAYS, {
    message: `the range may cover at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

/**
 * Validates a metrics range (query string or CLI flags): days as `YYYY-MM-DD`, `from` before
 * `to` (excluded), at most {@link MAX_RANGE_DAYS} days. Throws `AnalyticsQueryError` (400) listing
 * every problem.
 *
 * @example parseMetricsFilter({ from: '2026-11-01', to: '2026-12-01' })
 */
export function parseMetricsFilter(input: unknown): MetricsFilter {
  const parsed = metricsFilterSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`);
    throw new AnalyticsQueryError(problems.join('; '));
  }
  const { from, to, intent, channel } = parsed.data;
  const filter: MetricsFilter = { from, to };
  if (intent !== undefined) filter.intent = intent;
  if (channel !== undefined) filter.channelId = channel;
  return filter;
}
