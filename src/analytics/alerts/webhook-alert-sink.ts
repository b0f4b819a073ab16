import { AlertDeliveryError } from '../../errors';
import type { SentimentAlert } from './alert';
import type { AlertSink } from './alert-sink';

/** Options of {@link WebhookAlertSink}. */
export interface WebhookAlertSinkOptions {
  url: string;
  /** One attempt is aborted after this long (default 5 s). */
  timeoutMs?: number;
  /** Attempts in all, the first included (default 4). */
  attempts?: number;
  /** Wait before the first retry, doubled each time (default 500 ms: 0.5 s, 1 s, 2 s). */
  backoffMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_ATTEMPTS = 4;
const DEFAULT_BACKOFF_MS = 500;

/** The JSON body a webhook receives. */
export interface AlertWebhookBody {
  type: 'sentiment.surge';
  alert: SentimentAlert;
}

/**
 * POSTs each alert as JSON (`{ type: 'sentiment.surge', alert }`) to a URL. Network errors,
 * timeouts, HTTP 429 and 5xx are retried with exponential backoff; any other status is final.
 * Fails with `SWB_ERR_ALERT_DELIVERY` after the last attempt (the dispatcher logs it).
 */
export class WebhookAlertSink implements AlertSink {
  readonly name = 'webhook';
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookAlertSinkOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(alert: SentimentAlert): Promise<void> {
    const attempts = this.options.attempts ?? DEFAULT_ATTEMPTS;
    const body = JSON.stringify({ type: 'sentiment.surge', alert } satisfies AlertWebhookBody);
    let problem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await this.post(body);
      if (outcome.ok) return;
      problem = outcome.problem;
      if (!outcome.retry || attempt === attempts) break;
      await this.sleep((this.options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (attempt - 1));
    }
    throw new AlertDeliveryError('webhook', problem);
  }

  private async post(body: string): Promise<{ ok: true } | { ok: false; retry: boolean; problem: string }> {
    try {
      const response = await this.fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true };
      const retry = response.status === 429 || response.status >= 500;
      return { ok: false, retry, problem: `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as { name?: string }).name;
      return { ok: false, retry: true, problem: name === 'TimeoutError' ? 'timed out' : 'network error' };
    }
  }
}
