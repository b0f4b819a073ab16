import type { CustomerDataSource, CustomerRef } from '../privacy/customer-data';
import type { AnalyticsEvent } from './analytics-event';
import type { MetricsFilter, MetricsQuery, MetricsRow } from './analytics-metrics';

/** One conversation of a customer, as the profile lists it. */
export interface CustomerConversation {
  conversationId: string;
  channelId: string;
  firstAt: string;
  lastAt: string;
  messagesIn: number;
  /** Intents of the customer's messages, most recent last. */
  intents: string[];
  escalated: boolean;
  /** The CSAT given in this conversation, if any. */
  csat: number | null;
}

/** A customer as the analytics store knows them: linked identities and conversations. */
export interface CustomerSummary {
  customerId: string;
  /** First name recorded when they were identified (decrypted). */
  name: string | null;
  /** Every channel identity they were identified from (e.g. a web chat user and a phone number). */
  identities: Array<{ channelId: string; userId: string }>;
  /** Their conversations on every linked identity, most recent first. */
  conversations: CustomerConversation[];
}

/**
 * Where analytics events are kept and queried: one port, implemented on SQL for SQLite and
 * PostgreSQL ({@link SqlAnalyticsStore}). It is also a {@link CustomerDataSource}, so erasure and
 * export reach the events.
 */
export interface AnalyticsStore extends CustomerDataSource {
  /** Writes the events in one transaction: all or none. */
  insert(events: readonly AnalyticsEvent[]): Promise<void>;
  /** Metrics grouped by day, intent and/or channel. */
  metrics(query: MetricsQuery): Promise<MetricsRow[]>;
  /** Escalations by reason in a range. */
  escalationReasons(filter: MetricsFilter): Promise<Array<{ reason: string; count: number }>>;
  /** A customer's linked identities and conversations, or undefined when never identified. */
  customer(customerId: string): Promise<CustomerSummary | undefined>;
  /** The customer a channel identity was last identified as, or undefined when never identified. */
  customerIdOf(identity: { channelId: string; userId: string }): Promise<string | undefined>;
  /** The conversations of a customer's identities (for erasure across stores). */
  conversationsOf(customer: CustomerRef): Promise<string[]>;
  /** Retention: deletes the events before `date`; returns how many went (the anonymous daily rollups stay). */
  deleteOlderThan(date: Date): Promise<number>;
  close(): Promise<void>;
}
