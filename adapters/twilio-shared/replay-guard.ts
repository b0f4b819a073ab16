import { createHash } from 'node:crypto';
import twilio from 'twilio';
import type { StateServices } from '../../src/state/ports';
import type { TwilioParams } from './form-body';

/** How long an answer is remembered: a captured signature replayed within a day changes nothing. */
const DEFAULT_WINDOW_MS = 24 * 3600_000;
/** How long the first request may run before a duplicate may run again (it crashed): Twilio waits 15 s. */
const DEFAULT_LEASE_MS = 60_000;
/** Pause-and-redirect rounds a duplicate waits for the first answer before apologizing (~1 s each). */
const DEFAULT_MAX_WAIT_ROUNDS = 20;
/** The query parameter of the redirect that fetches the answer of a request still being processed. */
export const REPLAY_OF_PARAM = 'replayOf';
const ROUND_PARAM = 'replayRound';
/** How often the in-process answers are swept of expired ones (lookups check expiry themselves). */
const MEMORY_SWEEP_INTERVAL_MS = 60_000;

/** One verified TwiML webhook, as the guard keys it. */
export interface GuardedRequest {
  /** The `X-Twilio-Signature` header. */
  signature: string;
  /** The path and query Twilio called (`req.originalUrl`). */
  originalUrl: string;
  params: TwilioParams;
}

/** Where remembered answers live: Redis when the deployment has it, else this process. */
interface AnswerStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, twiml: string, ttlMs: number): Promise<void>;
}

/** Options of {@link ReplayGuard}. */
export interface ReplayGuardOptions {
  /** The deployment's state: `dedupe` claims a request, `redis` (when set) keeps the answers. */
  state: Pick<StateServices, 'dedupe' | 'redis'>;
  /** PUBLIC_BASE_URL, for the absolute redirect URL. */
  publicBaseUrl: string;
  /** How long an answer is replayed instead of re-run; default 24 h. */
  windowMs?: number;
  /** How long a request in progress blocks its duplicates; default 60 s. */
  leaseMs?: number;
  /** What a duplicate answers when the first never answered (it crashed): e.g. an apology gather. */
  abandoned: () => string;
}

/**
 * Twilio signs no timestamp, so a captured voice webhook verifies forever. The guard runs each
 * verified request (keyed by a hash of signature, URL and body) once: a duplicate within the window
 * gets the first answer's TwiML again without running anything (Twilio's own retries included);
 * a duplicate while the first is still running gets `<Pause length="1"/><Redirect>` to the same URL
 * with `?replayOf=<key>`, which serves the first answer once it exists.
 *
 * @example
 * const twiml = await guard.answer({ signature, originalUrl, params }, () => adapter.hear(...));
 */
export class ReplayGuard {
  readonly #answers: AnswerStore;
  readonly #windowMs: number;
  readonly #leaseMs: number;

  constructor(private readonly options: ReplayGuardOptions) {
    this.#answers = options.state.redis ? redisAnswers(options.state.redis) : memoryAnswers();
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** The TwiML to answer `request` with: `produce`'s the first time, the remembered one after. */
  async answer(request: GuardedRequest, produce: () => Promise<string>): Promise<string> {
    const url = new URL(request.originalUrl, 'http://x');
    const replayOf = url.searchParams.get(REPLAY_OF_PARAM);
    if (replayOf) return this.#awaitAnswer(replayOf, url);
    const key = requestKey(request);
    if (!(await this.options.state.dedupe.claim(claimKey(key), this.#leaseMs))) {
      return (await this.#answers.get(key)) ?? this.#redirect(key, url, 1);
    }
    const twiml = await produce();
    await this.#answers.set(key, twiml, this.#windowMs);
    await this.options.state.dedupe.confirm(claimKey(key), this.#windowMs);
    return twiml;
  }

  async #awaitAnswer(key: string, url: URL): Promise<string> {
    const answer = await this.#answers.get(key);
    if (answer !== undefined) return answer;
    const round = Number(url.searchParams.get(ROUND_PARAM) ?? '1');
    if (!Number.isInteger(round) || round >= DEFAULT_MAX_WAIT_ROUNDS) return this.options.abandoned();
    return this.#redirect(key, url, round + 1);
  }

  #redirect(key: string, url: URL, round: number): string {
    url.searchParams.set(REPLAY_OF_PARAM, key);
    url.searchParams.set(ROUND_PARAM, String(round));
    const target = `${this.options.publicBaseUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
    const response = new twilio.twiml.VoiceResponse();
    response.pause({ length: 1 });
    response.redirect({ method: 'POST' }, target);
    return response.toString();
  }
}

/** SHA-256 of signature, URL and sorted body: identical only for an identical signed request. */
function requestKey(request: GuardedRequest): string {
  const body = Object.keys(request.params)
    .sort()
    .map((name) => `${name}=${String(request.params[name])}`)
    .join('&');
  return createHash('sha256')
    .update(`${request.signature}\n${request.originalUrl}\n${body}`)
    .digest('base64url');
}

function claimKey(key: string): string {
  return `twilio-voice:${key}`;
}

function redisAnswers(redis: NonNullable<StateServices['redis']>): AnswerStore {
  const keyOf = (key: string) => `${redis.keyPrefix}twilio-answer:${key}`;
  return {
    get: async (key) => (await redis.client.get(keyOf(key))) ?? undefined,
    set: async (key, twiml, ttlMs) => {
      await redis.client.set(keyOf(key), twiml, 'PX', ttlMs);
    },
  };
}

function memoryAnswers(): AnswerStore {
  const answers = new Map<string, { twiml: string; expiresAt: number }>();
  let sweptAt = 0;
  return {
    get: async (key) => {
      const entry = answers.get(key);
      return entry && entry.expiresAt > Date.now() ? entry.twiml : undefined;
    },
    set: async (key, twiml, ttlMs) => {
      const now = Date.now();
      // Sweep at most once a minute: the map stays bounded by the webhooks of one window.
      if (now - sweptAt >= MEMORY_SWEEP_INTERVAL_MS) {
        sweptAt = now;
        for (const [k, entry] of answers) if (entry.expiresAt <= now) answers.delete(k);
      }
      answers.set(key, { twiml, expiresAt: now + ttlMs });
    },
  };
}
