/** In-memory FAQ feedback for the embedded default and tests; bounded. */
import { redactPii } from '../../privacy/redact';
import {
  type FeedbackStore,
  type HelpfulFeedback,
  type HelpfulnessSummary,
  type ListOptions,
  limitOf,
  type PreparedUnanswered,
  prepareUnanswered,
  type UnansweredQuestion,
  type UnansweredSummary,
} from './feedback-store';

/** Records kept per kind; the oldest are dropped past this, so memory stays bounded. */
const MAX_RECORDS = 10_000;

/** Options of {@link MemoryFeedbackStore}. */
export interface MemoryFeedbackStoreOptions {
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

interface Stamped<T> {
  record: T;
  at: string;
}

/** In-memory {@link FeedbackStore}. */
export class MemoryFeedbackStore implements FeedbackStore {
  private readonly now: () => Date;
  private readonly unanswered: Stamped<PreparedUnanswered>[] = [];
  private readonly helpful: Stamped<HelpfulFeedback>[] = [];

  constructor(options: MemoryFeedbackStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async recordHelpful(feedback: HelpfulFeedback): Promise<void> {
    const record = { ...feedback, conversationId: redactPii(feedback.conversationId) };
    push(this.helpful, { record, at: this.now().toISOString() });
  }

  async recordUnanswered(question: UnansweredQuestion): Promise<void> {
    const record = prepareUnanswered(question);
    if (record) push(this.unanswered, { record, at: this.now().toISOString() });
  }

  async listUnanswered(options?: ListOptions): Promise<UnansweredSummary[]> {
    const groups = new Map<string, UnansweredSummary>();
    for (const { record, at } of this.unanswered) {
      const group = groups.get(record.key);
      if (!group) {
        groups.set(record.key, {
          text: record.text,
          count: 1,
          firstSeenAt: at,
          lastSeenAt: at,
          channels: [record.channel],
        });
        continue;
      }
      group.count++;
      group.text = record.text;
      group.lastSeenAt = at;
      if (!group.channels.includes(record.channel)) group.channels.push(record.channel);
    }
    const rows = [...groups.values()].map((g) => ({ ...g, channels: [...g.channels].sort() }));
    rows.sort((a, b) => b.count - a.count || b.lastSeenAt.localeCompare(a.lastSeenAt));
    return rows.slice(0, limitOf(options));
  }

  async listHelpfulness(options?: ListOptions): Promise<HelpfulnessSummary[]> {
    const byEntry = new Map<string, HelpfulnessSummary>();
    for (const { record } of this.helpful) {
      const row = byEntry.get(record.entryId) ?? { entryId: record.entryId, helpful: 0, notHelpful: 0 };
      if (record.helpful) row.helpful++;
      else row.notHelpful++;
      byEntry.set(record.entryId, row);
    }
    const rows = [...byEntry.values()];
    rows.sort((a, b) => b.notHelpful - a.notHelpful || a.entryId.localeCompare(b.entryId));
    return rows.slice(0, limitOf(options));
  }

  async close(): Promise<void> {}
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_RECORDS) list.shift();
}
