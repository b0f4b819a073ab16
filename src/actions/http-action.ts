/**
 * A backend action served over HTTP: the example is a wire-transfer fee quote from the bank's
 * pricing service. `fetch` and the base URL are injected, so tests point it at a local server.
 *
 * @example
 * const actions = new ActionRegistry().register(
 *   createWireFeeQuoteAction({ baseUrl: process.env.ACME_PRICING_URL ?? 'http://127.0.0.1:8081' }),
 * );
 * const quote = await actions.call('getWireFeeQuote', {
 *   destinationCountry: 'DE', amount: { amountMinor: 100000, currency: 'USD' } });
 */
import { z } from 'zod';
import { ActionFailedError } from '../errors';
import { moneySchema } from './acme-schemas';
import type { ActionDefinition } from './action-registry';

/** Where and how an HTTP-backed action reaches its service. */
export interface HttpActionOptions {
  /** Base URL of the service, e.g. `https://pricing.acme.example`. */
  baseUrl: string;
  /** The fetch implementation (defaults to the global one; tests and proxies inject theirs). */
  fetch?: typeof globalThis.fetch;
  /** Extra headers, e.g. an API key. They are never logged. */
  headers?: Record<string, string>;
}

/** One JSON request made by {@link requestJson}. */
export interface JsonRequest {
  /** The action name, for error messages. */
  action: string;
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/v1/wire-fees`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
}

/**
 * Sends a JSON request and returns the parsed body. Non-2xx answers, unreachable services and
 * invalid JSON become `ActionFailedError` with the HTTP status in `details`; an abort rethrows the
 * signal's reason, so a registry timeout keeps its own code.
 */
export async function requestJson(options: HttpActionOptions, request: JsonRequest): Promise<unknown> {
  // Relative to the base URL's path, so a base like https://api.example/pricing/ keeps its prefix.
  const url = new URL(
    request.path.replace(/^\/+/, ''),
    options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
  );
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      headers: { accept: 'application/json', 'content-type': 'application/json', ...options.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    throw new ActionFailedError(request.action, `the service at ${url.origin} could not be reached`, {
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ActionFailedError(request.action, `the service answered HTTP ${response.status}`, {
      details: { httpStatus: response.status },
    });
  }
  try {
    return await response.json();
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    throw new ActionFailedError(request.action, 'the service answered with a body that is not JSON', {
      cause: error,
    });
  }
}

/** Request and response of the wire fee quote. */
export const wireFeeQuoteSchemas = {
  input: z.object({
    /** ISO 3166-1 alpha-2 destination country, e.g. `DE`. */
    destinationCountry: z.string().regex(/^[A-Z]{2}$/),
    amount: moneySchema,
  }),
  output: z.object({
    fee: moneySchema,
    /** Units of the destination currency per unit of the sent currency, when converted. */
    exchangeRate: z.number().positive().optional(),
    deliveryBusinessDays: z.number().int().positive(),
  }),
} as const;

/** The wire fee quote action. */
export type WireFeeQuoteAction = ActionDefinition<
  'getWireFeeQuote',
  typeof wireFeeQuoteSchemas.input,
  typeof wireFeeQuoteSchemas.output
>;

/** Creates `getWireFeeQuote`: `GET {baseUrl}/v1/wire-fees?country=DE&amountMinor=100000&currency=USD`. */
export function createWireFeeQuoteAction(options: HttpActionOptions): WireFeeQuoteAction {
  return {
    name: 'getWireFeeQuote',
    description: 'Quotes the fee and delivery time of an outgoing wire transfer.',
    input: wireFeeQuoteSchemas.input,
    output: wireFeeQuoteSchemas.output,
    politeMessage:
      "Sorry, I can't get a live fee quote right now. Our standard international wire fee is listed at acme.example/fees.",
    run: async (input, { signal }) =>
      (await requestJson(options, {
        action: 'getWireFeeQuote',
        method: 'GET',
        path: '/v1/wire-fees',
        query: {
          country: input.destinationCountry,
          amountMinor: String(input.amount.amountMinor),
          currency: input.amount.currency,
        },
        signal,
      })) as z.input<typeof wireFeeQuoteSchemas.output>,
  };
}
