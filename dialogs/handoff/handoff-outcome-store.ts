import type { Storage } from 'botbuilder-core';

/** A customer's rating of the help they got (CSAT), recorded with the conversation. */
export interface CsatRecord {
  handoffId: string;
  channelId: string;
  conversationId: string;
  skill: string;
  agentName?: string;
  /** 1 (very poor) to 5 (excellent). */
  score: number;
  /** ISO time. */
  at: string;
}

/** What a customer chose when nobody could take the conversation in time. */
export interface FollowUpRecord {
  handoffId: string;
  channelId: string;
  conversationId: string;
  skill: string;
  kind: 'callback' | 'ticket';
  /** The reference the customer was given (e.g. `T-4F2A9C`). */
  reference: string;
  customerId?: string;
  at: string;
}

/** Where CSAT ratings go; analytics reads them per conversation. */
export interface CsatStore {
  record(record: CsatRecord): Promise<void>;
  list(channelId: string, conversationId: string): Promise<CsatRecord[]>;
}

/** Where callback and ticket requests go; a back office (or analytics) reads them. */
export interface FollowUpStore {
  record(record: FollowUpRecord): Promise<void>;
  list(channelId: string, conversationId: string): Promise<FollowUpRecord[]>;
}

/** Records kept per conversation: far more than any real conversation produces. */
const MAX_RECORDS_PER_CONVERSATION = 100;

/**
 * A per-conversation list in the shared `Storage` (memory or Redis), appended with an eTag
 * compare-and-set so that two processes never lose each other's records.
 */
class ConversationRecords<T extends { channelId: string; conversationId: string }> {
  constructor(
    private readonly storage: Storage,
    private readonly kind: string,
  ) {}

  async append(record: T): Promise<void> {
    const key = this.key(record.channelId, record.conversationId);
    const items = await this.storage.read([key]);
    const current = items[key] as { records: T[]; eTag?: string } | undefined;
    const records = [...(current?.records ?? []), record].slice(-MAX_RECORDS_PER_CONVERSATION);
    await this.storage.write({ [key]: { records, eTag: current?.eTag ?? '*' } });
  }

  async list(channelId: string, conversationId: string): Promise<T[]> {
    const key = this.key(channelId, conversationId);
    const items = await this.storage.read([key]);
    return (items[key] as { records: T[] } | undefined)?.records ?? [];
  }

  private key(channelId: string, conversationId: string): string {
    return `handoff/${this.kind}/${channelId}/${conversationId}`;
  }
}

/** {@link CsatStore} on botbuilder `Storage` (key `handoff/csat/<channel>/<conversation>`). */
export class StorageCsatStore implements CsatStore {
  private readonly records: ConversationRecords<CsatRecord>;

  constructor(storage: Storage) {
    this.records = new ConversationRecords(storage, 'csat');
  }

  record(record: CsatRecord): Promise<void> {
    return this.records.append(record);
  }

  list(channelId: string, conversationId: string): Promise<CsatRecord[]> {
    return this.records.list(channelId, conversationId);
  }
}

/** {@link FollowUpStore} on botbuilder `Storage` (key `handoff/followup/<channel>/<conversation>`). */
export class StorageFollowUpStore implements FollowUpStore {
  private readonly records: ConversationRecords<FollowUpRecord>;

  constructor(storage: Storage) {
    this.records = new ConversationRecords(storage, 'followup');
  }

  record(record: FollowUpRecord): Promise<void> {
    return this.records.append(record);
  }

  list(channelId: string, conversationId: string): Promise<FollowUpRecord[]> {
    return this.records.list(channelId, conversationId);
  }
}
