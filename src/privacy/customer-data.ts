/**
 * The port every store that holds a customer's data implements, so one call can export or erase a
 * customer everywhere (conversation and user state, transcripts, analytics events, handoff records,
 * queued jobs).
 */

/** One identity of a customer on one channel (a web chat user id, a Slack user id, a phone number). */
export interface CustomerIdentity {
  channelId: string;
  userId: string;
}

/** A customer: every identity known to be theirs (linked e.g. through a verified phone number). */
export interface CustomerRef {
  identities: CustomerIdentity[];
  /** Conversations already known to be theirs; sources add the ones they find by identity. */
  conversationIds?: string[];
}

/** What one source holds about a customer, for an export. */
export interface CustomerDataExport {
  source: string;
  /** JSON-serialisable records, decrypted (the export is for the customer). */
  records: unknown[];
}

/** A store that can find, export and erase one customer's data. */
export interface CustomerDataSource {
  /** Stable name, e.g. `transcripts`, used in exports and the audit log. */
  readonly name: string;
  /** The conversations this source knows for the customer's identities. */
  conversationsOf?(customer: CustomerRef): Promise<string[]>;
  export(customer: CustomerRef): Promise<CustomerDataExport>;
  /** Deletes everything about the customer; returns how many records went. */
  erase(customer: CustomerRef): Promise<number>;
}

/** Two-way encryption of stored text (transcripts, profile fields); see docs/security.md. */
export interface TextCipher {
  /** Ciphertext carrying the id of the key that made it, so keys can rotate. */
  encrypt(plain: string): string;
  /** Plain text of a value made by `encrypt` with any configured key. */
  decrypt(stored: string): string;
}
