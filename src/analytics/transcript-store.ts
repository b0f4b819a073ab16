import type { CustomerDataExport, CustomerRef } from '../privacy/customer-data';

/** Who wrote a transcript line. */
export type TranscriptRole = 'customer' | 'bot' | 'agent' | 'system';

/** One line of a conversation's transcript; `text` is already PII-redacted. */
export interface TranscriptEntry {
  conversationId: string;
  channelId: string;
  role: TranscriptRole;
  /** Redacted text. */
  text: string;
  /** The customer's id on the channel, for erasure. */
  userId?: string;
  timestamp: string;
}

/**
 * Where transcripts are kept. The embedded default keeps them in memory; the analytics capability
 * adds SQLite and PostgreSQL implementations of the same port.
 */
export interface TranscriptStore {
  append(entry: TranscriptEntry): Promise<void>;
  /** A conversation's lines, oldest first. */
  list(conversationId: string): Promise<TranscriptEntry[]>;
  close(): Promise<void>;
}

/** Keeps a conversation's last lines only, so the embedded default cannot grow without bound. */
const MAX_LINES_PER_CONVERSATION = 1000;
/** Conversations kept by the in-memory store; the oldest is dropped past this. */
const MAX_CONVERSATIONS = 10_000;

/** In-memory transcripts for the embedded default and tests; bounded. */
export class MemoryTranscriptStore implements TranscriptStore {
  private readonly lines = new Map<string, TranscriptEntry[]>();

  async append(entry: TranscriptEntry): Promise<void> {
    let list = this.lines.get(entry.conversationId);
    if (!list) {
      if (this.lines.size >= MAX_CONVERSATIONS) this.evictOldest();
      list = [];
      this.lines.set(entry.conversationId, list);
    }
    list.push({ ...entry });
    if (list.length > MAX_LINES_PER_CONVERSATION) list.shift();
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    return (this.lines.get(conversationId) ?? []).map((e) => ({ ...e }));
  }

  async close(): Promise<void> {}

  /** Source name for export/erase (`CustomerDataSource`). */
  readonly name = 'transcripts';

  /** Conversations with a line from one of the customer's identities (export/erase). */
  async conversationsOf(customer: CustomerRef): Promise<string[]> {
    return [...this.lines.entries()]
      .filter(([, list]) => list.some((e) => isCustomers(e, customer, [])))
      .map(([id]) => id);
  }

  /** The customer's lines: their conversations (known or found), oldest first. */
  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    const known = customer.conversationIds ?? [];
    const records = [...this.lines.values()].flat().filter((e) => isCustomers(e, customer, known));
    return { source: this.name, records };
  }

  /** Deletes the customer's lines; returns how many went. */
  async erase(customer: CustomerRef): Promise<number> {
    const known = customer.conversationIds ?? [];
    return this.removeWhere((e) => isCustomers(e, customer, known));
  }

  /** Retention: deletes lines older than `date`; returns how many went. */
  async deleteOlderThan(date: Date): Promise<number> {
    const cutoff = date.toISOString();
    return this.removeWhere((e) => e.timestamp < cutoff);
  }

  private removeWhere(remove: (e: TranscriptEntry) => boolean): number {
    let removed = 0;
    for (const [id, list] of this.lines) {
      const kept = list.filter((e) => !remove(e));
      removed += list.length - kept.length;
      if (kept.length === 0) this.lines.delete(id);
      else this.lines.set(id, kept);
    }
    return removed;
  }

  private evictOldest(): void {
    const oldest = this.lines.keys().next();
    if (!oldest.done) this.lines.delete(oldest.value);
  }
}

/** True when a line belongs to the customer: one of their identities, or one of their conversations. */
function isCustomers(
  entry: TranscriptEntry,
  customer: CustomerRef,
  conversations: readonly string[],
): boolean {
  if (conversations.includes(entry.conversationId)) return true;
  return customer.identities.some((i) => i.channelId === entry.channelId && i.userId === entry.userId);
}
