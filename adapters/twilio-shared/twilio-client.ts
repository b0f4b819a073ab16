import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { TwilioApiError } from '../../src/errors';

/** The origin of Twilio's REST API, which `apiBaseUrl` replaces. */
export const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/** Options of {@link createTwilioClient}. */
export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Sends REST calls here instead of https://api.twilio.com (tests, egress proxies). */
  apiBaseUrl?: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Retries of a request answered 429 (Twilio's rate limit), with jittered backoff; 0 disables them. */
  maxRetries: number;
}

/** Replaces the Twilio API origin of `uri` with `base`; other URIs are left alone. */
export function redirectUri(uri: string, base: string): string {
  if (!uri.startsWith(TWILIO_API_ORIGIN)) return uri;
  return `${base.replace(/\/+$/, '')}${uri.slice(TWILIO_API_ORIGIN.length)}`;
}

/**
 * The twilio library's HTTP client with every request to https://api.twilio.com sent to another
 * base URL instead (`TWILIO_API_BASE_URL`). Injected as the client's `httpClient`, so nothing in
 * the library is patched.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: redirectUri(opts.uri, this.baseUrl) });
  }
}

/** A Twilio REST client, pointed at `apiBaseUrl` when it is set. */
export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const clientOptions = {
    timeout: options.timeoutMs,
    autoRetry: options.maxRetries > 0,
    maxRetries: options.maxRetries,
  };
  const httpClient = options.apiBaseUrl
    ? new RedirectingRequestClient(options.apiBaseUrl, clientOptions)
    : new twilio.RequestClient(clientOptions);
  return twilio(options.accountSid, options.authToken, { httpClient });
}

/** What a Twilio REST failure carries (`RestException`), read by shape. */
interface RestFailure {
  status?: unknown;
  code?: unknown;
  moreInfo?: unknown;
}

/** Twilio's error code of a REST failure, if it has one (21610: the recipient unsubscribed). */
export function twilioErrorCode(error: unknown): number | undefined {
  const code = (error as RestFailure | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A REST failure as a coded {@link TwilioApiError}. Twilio's own message is left out on purpose (as
 * message and as cause): it often quotes the phone number, and logs must not carry customer PII.
 */
export function toTwilioApiError(error: unknown, operation: string): TwilioApiError {
  const failure = (error ?? {}) as RestFailure;
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  const code = twilioErrorCode(error);
  const reason =
    status === undefined
      ? 'the API could not be reached'
      : `HTTP ${status}${code === undefined ? '' : `, Twilio error ${code}`}${typeof failure.moreInfo === 'string' ? ` (${failure.moreInfo})` : ''}`;
  const details = { twilioStatus: status, twilioCode: code };
  // A REST failure's own message quotes numbers, so it is not kept as the cause; a network error is.
  return new TwilioApiError(
    operation,
    reason,
    status === undefined ? { cause: error, details } : { details },
  );
}
