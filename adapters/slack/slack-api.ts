import { webApi } from '@slack/bolt';
import { hasErrorCode, SlackApiError, SlackRateLimitedError, type SwitchboardError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import { boltLoggerOf } from './bolt-logger';
import type { SlackBotIdentity } from './mapping';

/** Slack's public Web API; `SLACK_API_URL` points the client elsewhere (tests, proxies). */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** How Web API calls are retried. */
export interface SlackRetryOptions {
  /** Rate-limited calls (HTTP 429) are retried this many times, each after Slack's `Retry-After`. */
  maxRateLimitRetries: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with `SWB_ERR_SLACK_RATE_LIMITED`. */
  maxRateLimitWaitMs: number;
  /** Network errors and HTTP 5xx are retried this many times with exponential backoff. */
  requestRetries: number;
  /** A call that has not answered after this long is aborted (and retried as a network error). */
  requestTimeoutMs: number;
}

/**
 * Defaults sized for a live conversation: a reply held longer than ~half a minute is worse than a
 * coded error, and the turn lock (default ttl 30 s) is held while we wait.
 */
export const DEFAULT_SLACK_RETRY: SlackRetryOptions = {
  maxRateLimitRetries: 3,
  maxRateLimitWaitMs: 20_000,
  requestRetries: 2,
  requestTimeoutMs: 10_000,
};

/** First backoff of a network retry; doubled each time, capped at {@link MAX_REQUEST_BACKOFF_MS}. */
const MIN_REQUEST_BACKOFF_MS = 300;
const MAX_REQUEST_BACKOFF_MS = 3_000;

/** Options of {@link SlackApi}. */
export interface SlackApiOptions {
  /** The Web API base URL (`SLACK_API_URL`); default {@link DEFAULT_SLACK_API_URL}. */
  apiUrl?: string;
  logger: Logger;
  retry?: Partial<SlackRetryOptions>;
  /** Waits between rate-limit retries; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** A message to post. */
export interface SlackPostMessage {
  channel: string;
  text: string;
  blocks?: readonly object[];
  /** Answer in this thread. */
  thread_ts?: string;
}

/**
 * The Slack Web API as Switchboard uses it: one `WebClient` per bot token (cached), pointed at
 * `SLACK_API_URL`, rate limits retried after `Retry-After`, and every failure turned into a coded
 * error (`SWB_ERR_SLACK_API` with Slack's error string, `SWB_ERR_SLACK_RATE_LIMITED`).
 */
export class SlackApi {
  readonly apiUrl: string;
  private readonly clients = new Map<string, webApi.WebClient>();
  private readonly identities = new Map<string, Promise<SlackBotIdentity>>();
  private readonly retry: SlackRetryOptions;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackApiOptions) {
    this.apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
    this.retry = { ...DEFAULT_SLACK_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The bot behind a token (`auth.test`), cached per token; a failure is not cached. */
  identity(token: string): Promise<SlackBotIdentity> {
    let found = this.identities.get(token);
    if (!found) {
      found = this.call(token, 'auth.test', {}).then((result) => ({
        userId: stringField(result, 'user_id'),
        botId: stringField(result, 'bot_id'),
      }));
      found.catch(() => this.identities.delete(token));
      this.identities.set(token, found);
    }
    return found;
  }

  /** `chat.postMessage`; resolves with the new message's `ts`. */
  async postMessage(token: string, message: SlackPostMessage): Promise<string> {
    const result = await this.call(token, 'chat.postMessage', { ...message });
    return stringField(result, 'ts') ?? '';
  }

  /** `chat.update` of the message `ts` in `channel`. */
  async update(
    token: string,
    message: { channel: string; ts: string; text: string; blocks: readonly object[] },
  ): Promise<void> {
    await this.call(token, 'chat.update', { ...message });
  }

  /** `chat.delete` of the message `ts` in `channel`. */
  async delete(token: string, message: { channel: string; ts: string }): Promise<void> {
    await this.call(token, 'chat.delete', { ...message });
  }

  /** `chat.postEphemeral`: a message only `user` sees, in `channel` (or one of its threads). */
  async postEphemeral(
    token: string,
    message: { channel: string; user: string; text: string; thread_ts?: string },
  ): Promise<void> {
    await this.call(token, 'chat.postEphemeral', { ...message });
  }

  /** One Web API call: rate limits waited out and retried, errors coded. */
  async call(
    token: string,
    method: string,
    params: Record<string, unknown>,
  ): Promise<webApi.WebAPICallResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client(token).apiCall(method, params);
      } catch (error) {
        const retryAfterMs = rateLimitOf(error);
        if (retryAfterMs === undefined) throw codedSlackError(method, error);
        const { maxRateLimitRetries, maxRateLimitWaitMs } = this.retry;
        if (attempt >= maxRateLimitRetries || retryAfterMs > maxRateLimitWaitMs) {
          throw new SlackRateLimitedError(method, retryAfterMs, { cause: error });
        }
        this.options.logger.warn(
          { method, retryAfterMs, attempt: attempt + 1 },
          'slack rate limited; retrying',
        );
        await this.sleep(retryAfterMs);
      }
    }
  }

  private client(token: string): webApi.WebClient {
    let client = this.clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        slackApiUrl: this.apiUrl,
        logger: boltLoggerOf(this.options.logger),
        // We wait out rate limits ourselves, so the wait is bounded and the failure coded.
        rejectRateLimitedCalls: true,
        timeout: this.retry.requestTimeoutMs,
        retryConfig: {
          retries: this.retry.requestRetries,
          factor: 2,
          minTimeout: MIN_REQUEST_BACKOFF_MS,
          maxTimeout: MAX_REQUEST_BACKOFF_MS,
        },
      });
      this.clients.set(token, client);
    }
    return client;
  }
}

/** The `Retry-After` of a rate-limited call, in ms; undefined for any other failure. */
function rateLimitOf(error: unknown): number | undefined {
  if (!isSlackError(error) || error.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  const seconds = (error as webApi.WebAPIRateLimitedError).retryAfter;
  return Math.max(0, seconds) * 1000;
}

/** Maps a Web API client failure to our catalog, by the client's error `code` (never its message). */
export function codedSlackError(method: string, error: unknown): SwitchboardError {
  if (hasErrorCode(error)) return error as SwitchboardError;
  if (!isSlackError(error)) return new SlackApiError(method, 'unexpected_error', { cause: error });
  switch (error.code) {
    case webApi.ErrorCode.PlatformError:
      return new SlackApiError(method, (error as webApi.WebAPIPlatformError).data.error, { cause: error });
    case webApi.ErrorCode.HTTPError:
      return new SlackApiError(method, `http_${(error as webApi.WebAPIHTTPError).statusCode}`, {
        cause: error,
      });
    case webApi.ErrorCode.RequestError:
      return new SlackApiError(method, 'request_failed', { cause: error });
    default:
      return new SlackApiError(method, error.code, { cause: error });
  }
}

function isSlackError(error: unknown): error is { code: string } & Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

function stringField(result: webApi.WebAPICallResult, field: string): string | undefined {
  const value = (result as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
