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

  private evictOldest(): void {
    const oldest = this.lines.keys().next();
    if (!oldest.done) this.lines.delete(oldest.value);
  }
}
