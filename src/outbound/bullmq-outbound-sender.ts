import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { OutboundSendFailedError } from '../errors';
import type { ErrorReporter } from '../state/report-error';
import type { OutboundMessage, OutboundResult, OutboundSender, OutboundTransport } from './outbound-sender';
import {
  DEFAULT_OUTBOUND_RETRY,
  type OutboundRetryOptions,
  retryableFailure,
  retryDelayMs,
} from './retry-delay';
import { SENDING_LEASE_MS, SentMarkers } from './sent-markers';
import { TransportRegistry } from './transport-registry';

/** The BullMQ queue of outbound messages waiting for a retry. */
export const OUTBOUND_QUEUE_NAME = 'outbound-retries';

/** Retries sent at once per worker process: each is one platform call. */
const RETRY_CONCURRENCY = 16;

/** Failed jobs are kept this long for inspection (`SWB_ERR_OUTBOUND_FAILED` is also logged). */
const FAILED_JOB_AGE_S = 7 * 24 * 3600;

/** Options of {@link BullMqOutboundSender}. */
export interface BullMqOutboundSenderOptions {
  /** Command connection for the sent markers. Not owned. */
  redis: Redis;
  /** Connection for BullMQ (`blocking: true`); BullMQ duplicates it for its worker. Not owned. */
  connection: Redis;
  /** Prefix of the marker keys and of the BullMQ keys (default `swb:`). */
  keyPrefix: string;
  retry?: Partial<OutboundRetryOptions>;
  onError: ErrorReporter;
}

/** Thrown inside a job when another attempt of the same message holds its lease: retry later. */
class AttemptInProgress extends Error {}

/**
 * `OutboundSender` on Redis: the first attempt runs inline; a retryable failure (5xx, 429) becomes a
 * BullMQ job with the message's stable id as job id, retried by any worker process with backoff
 * (the platform's `Retry-After` honoured). Every attempt, inline or queued, first claims the
 * message's marker ({@link SentMarkers}): a message recorded as sent is never sent again, even
 * when a job is redelivered after its worker died.
 *
 * @example
 * const outbound = new BullMqOutboundSender({ redis, connection, keyPrefix: 'swb:', onError });
 * smsAdapterOptions.outbound = outbound; // the adapter registers its transport
 * await outbound.consume(); // in worker processes
 */
export class BullMqOutboundSender implements OutboundSender {
  readonly kind = 'redis' as const;
  readonly #transports = new TransportRegistry();
  readonly #markers: SentMarkers;
  readonly #queue: Queue<OutboundMessage>;
  readonly #retry: OutboundRetryOptions;
  #worker: Worker<OutboundMessage> | undefined;
  #closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqOutboundSenderOptions) {
    this.#retry = { ...DEFAULT_OUTBOUND_RETRY, ...options.retry };
    this.#markers = new SentMarkers(options.redis, options.keyPrefix);
    this.#queue = new Queue<OutboundMessage>(OUTBOUND_QUEUE_NAME, {
      connection: options.connection,
      prefix: bullPrefix(options.keyPrefix),
    });
    this.#queue.on('error', (error) => options.onError(error, 'BullMQ outbound queue'));
  }

  register(transport: OutboundTransport): void {
    this.#transports.register(transport);
  }

  async send(message: OutboundMessage): Promise<OutboundResult> {
    const transport = this.#transports.get(message.channelId);
    const claim = await this.#markers.claim(message.channelId, message.messageId);
    if (claim.state === 'sent') return { status: 'duplicate', platformId: claim.platformId };
    if (claim.state === 'sending') return { status: 'queued' };
    try {
      const platformId = await transport.deliver(message.payload, message.messageId);
      await this.#markers.markSent(message.channelId, message.messageId, platformId);
      return { status: 'sent', platformId };
    } catch (error) {
      await this.#markers.release(message.channelId, message.messageId, claim.lease);
      if (!retryableFailure(error) || this.#retry.maxAttempts < 2) throw error;
      await this.#enqueue(message, retryDelayMs(error, 2, this.#retry));
      return { status: 'queued' };
    }
  }

  /** Starts the retry worker in this process (worker role); later calls are ignored. */
  async consume(): Promise<void> {
    if (this.#worker || this.#closing) return;
    const worker = new Worker<OutboundMessage>(OUTBOUND_QUEUE_NAME, (job) => this.#attempt(job.data), {
      connection: this.options.connection,
      prefix: bullPrefix(this.options.keyPrefix),
      concurrency: RETRY_CONCURRENCY,
      lockDuration: SENDING_LEASE_MS,
      settings: {
        backoffStrategy: (attemptsMade, _type, error) => retryDelayMs(error, attemptsMade + 1, this.#retry),
      },
    });
    worker.on('error', (error) => this.options.onError(error, 'BullMQ outbound worker'));
    worker.on('failed', (job, error) => this.#failed(job?.data, job?.attemptsMade ?? 0, error));
    this.#worker = worker;
    await worker.waitUntilReady();
  }

  /** Stops the worker (running attempts finish), then the queue; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#worker?.close();
      await this.#queue.close();
    })();
    return this.#closing;
  }

  async #enqueue(message: OutboundMessage, delayMs: number): Promise<void> {
    await this.#queue.add('send', message, {
      jobId: jobIdOf(message),
      delay: delayMs,
      // The inline attempt was the first: the queue makes the remaining ones.
      attempts: this.#retry.maxAttempts - 1,
      backoff: { type: 'custom' },
      removeOnComplete: true,
      removeOnFail: { age: FAILED_JOB_AGE_S },
    });
  }

  async #attempt(message: OutboundMessage): Promise<void> {
    if (!this.#transports.has(message.channelId)) {
      throw new UnrecoverableError(`no outbound transport for channel "${message.channelId}" in this worker`);
    }
    const claim = await this.#markers.claim(message.channelId, message.messageId);
    if (claim.state === 'sent') return;
    if (claim.state === 'sending') throw new AttemptInProgress('another attempt of this message is running');
    try {
      const platformId = await this.#transports
        .get(message.channelId)
        .deliver(message.payload, message.messageId);
      await this.#markers.markSent(message.channelId, message.messageId, platformId);
    } catch (error) {
      await this.#markers.release(message.channelId, message.messageId, claim.lease);
      if (!retryableFailure(error)) throw new UnrecoverableError(describe(error));
      throw error;
    }
  }

  #failed(message: OutboundMessage | undefined, attemptsMade: number, error: Error): void {
    const exhausted = error instanceof UnrecoverableError || attemptsMade >= this.#retry.maxAttempts - 1;
    if (!exhausted) return;
    const { channelId = 'unknown', messageId = 'unknown' } = message ?? {};
    this.options.onError(
      new OutboundSendFailedError(channelId, messageId, attemptsMade + 1, { cause: error }),
      'outbound send gave up',
    );
  }
}

/** BullMQ keys live under the deployment's prefix, like the handoff queues (`<prefix>bull`). */
function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}bull`;
}

/** BullMQ job ids may not contain ":"; message ids are ours (UUIDs and part numbers). */
function jobIdOf(message: OutboundMessage): string {
  return `${message.channelId}-${message.messageId}`.replace(/:/g, '_');
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'non-retryable failure';
}
