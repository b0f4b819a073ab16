import { OutboundSendFailedError } from '../errors';
import type { ErrorReporter } from '../state/report-error';
import type { OutboundMessage, OutboundResult, OutboundSender, OutboundTransport } from './outbound-sender';
import {
  DEFAULT_OUTBOUND_RETRY,
  type OutboundRetryOptions,
  retryableFailure,
  retryDelayMs,
} from './retry-delay';
import { TransportRegistry } from './transport-registry';

/** Ids of sent messages remembered for duplicate detection; the oldest are forgotten beyond this. */
const SENT_IDS_KEPT = 10_000;

/** Options of {@link MemoryOutboundSender}. */
export interface MemoryOutboundSenderOptions {
  retry?: Partial<OutboundRetryOptions>;
  /** Receives retries that gave up (`SWB_ERR_OUTBOUND_FAILED`) and failed retry attempts. */
  onError: ErrorReporter;
}

/**
 * The embedded `OutboundSender`: retries in this process with timers (backoff, `Retry-After`
 * honoured), a bounded record of sent ids so a message id is never sent twice. Queued retries do
 * not survive a restart — use Redis (`BullMqOutboundSender`) for that.
 */
export class MemoryOutboundSender implements OutboundSender {
  readonly kind = 'memory' as const;
  readonly #transports = new TransportRegistry();
  readonly #sent = new Map<string, string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #retry: OutboundRetryOptions;
  #closing: Promise<void> | undefined;

  constructor(private readonly options: MemoryOutboundSenderOptions) {
    this.#retry = { ...DEFAULT_OUTBOUND_RETRY, ...options.retry };
  }

  register(transport: OutboundTransport): void {
    this.#transports.register(transport);
  }

  async send(message: OutboundMessage): Promise<OutboundResult> {
    const sent = this.#sent.get(sentKey(message));
    if (sent !== undefined) return { status: 'duplicate', platformId: sent };
    try {
      return { status: 'sent', platformId: await this.#deliver(message) };
    } catch (error) {
      if (!retryableFailure(error) || this.#retry.maxAttempts < 2 || this.#closing) throw error;
      this.#schedule(message, 2, retryDelayMs(error, 2, this.#retry));
      return { status: 'queued' };
    }
  }

  /** Retries already run in this process; nothing to start. */
  async consume(): Promise<void> {}

  /** Cancels waiting retries (reported as failed) and waits for running attempts; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      await Promise.allSettled([...this.#inFlight]);
    })();
    return this.#closing;
  }

  async #deliver(message: OutboundMessage): Promise<string> {
    const attempt = this.#transports.get(message.channelId).deliver(message.payload, message.messageId);
    this.#inFlight.add(attempt);
    try {
      const platformId = await attempt;
      this.#remember(sentKey(message), platformId);
      return platformId;
    } finally {
      this.#inFlight.delete(attempt);
    }
  }

  #schedule(message: OutboundMessage, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#retryNow(message, attempt);
    }, delayMs);
    timer.unref();
    this.#timers.add(timer);
  }

  async #retryNow(message: OutboundMessage, attempt: number): Promise<void> {
    if (this.#closing || this.#sent.has(sentKey(message))) return;
    try {
      await this.#deliver(message);
    } catch (error) {
      const again = retryableFailure(error) && attempt < this.#retry.maxAttempts && !this.#closing;
      if (again) return this.#schedule(message, attempt + 1, retryDelayMs(error, attempt + 1, this.#retry));
      this.options.onError(
        new OutboundSendFailedError(message.channelId, message.messageId, attempt, { cause: error }),
        'outbound send gave up',
      );
    }
  }

  #remember(key: string, platformId: string): void {
    this.#sent.set(key, platformId);
    if (this.#sent.size <= SENT_IDS_KEPT) return;
    const oldest = this.#sent.keys().next().value;
    if (oldest !== undefined) this.#sent.delete(oldest);
  }
}

function sentKey(message: OutboundMessage): string {
  return `${message.channelId}:${message.messageId}`;
}
