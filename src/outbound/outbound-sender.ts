/**
 * The outbound port: platform sends (SMS `messages.create`, Slack `chat.postMessage`) that fail with
 * a platform 5xx or a rate limit are retried with backoff instead of failing the turn, and every
 * message has a stable id so that a retry never sends it twice.
 */

/** One message to send on a platform. */
export interface OutboundMessage {
  /** The channel whose registered transport sends it (`sms`, `slack`). */
  channelId: string;
  /** Stable id of this message (reply id, plus part index); the idempotency key of every retry. */
  messageId: string;
  /** What the transport needs to send it; JSON, since a retry may run in another process. */
  payload: unknown;
}

/** Sends one message on a platform; registered by the channel's adapter in every process. */
export interface OutboundTransport {
  readonly channelId: string;
  /**
   * Sends `payload`; resolves with the platform's id of the message (Twilio SID, Slack ts).
   * Rejects with the adapter's coded error; 5xx and 429 failures are retried (see `retryDelayMs`).
   */
  deliver(payload: unknown, messageId: string): Promise<string>;
}

/** The outcome of {@link OutboundSender.send}. */
export type OutboundResult =
  /** Sent now; `platformId` is the platform's id of the message. */
  | { status: 'sent'; platformId: string }
  /** The platform failed retryably: the message waits in the retry queue. */
  | { status: 'queued' }
  /** This message id was sent before (a retry of a delivered message): nothing was sent. */
  | { status: 'duplicate'; platformId: string };

/**
 * Sends platform messages with retries: the first attempt runs at once (a turn's reply is not
 * delayed), a retryable failure moves the message to a retry queue (in memory, or BullMQ on Redis,
 * where any worker process retries it), a non-retryable one rejects to the caller.
 */
export interface OutboundSender {
  /** `memory` for the embedded default, `redis` when retries run from BullMQ. */
  readonly kind: 'memory' | 'redis';
  /** Registers the transport of a channel (the adapter does it when it is built). */
  register(transport: OutboundTransport): void;
  send(message: OutboundMessage): Promise<OutboundResult>;
  /** Starts retrying queued messages in this process (workers; the memory sender always retries). */
  consume(): Promise<void>;
  /** Stops consuming (in-flight sends finish), closes queues; idempotent. */
  close(): Promise<void>;
}
