import type { RequestHandler } from 'express';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';
import { clientIp } from './client-ip';
import { LOOPBACK_IPS, type SecurityConfig } from './security-config';

/** The limits configured in `security.rateLimits`. */
export type RateLimitName = Exclude<keyof SecurityConfig['rateLimits'], 'enabled' | 'exemptIps'>;

/** Options of {@link RateLimits}. */
export interface RateLimitsOptions {
  security: SecurityConfig;
  /** `production` exempts no IP by default; elsewhere loopback is exempt. */
  env: string;
  /** Redis-backed (shared by every process) when the state services are; memory otherwise. */
  state: Pick<StateServices, 'redis'>;
  logger?: Logger;
}

const LIMIT_NAMES: readonly RateLimitName[] = [
  'webchatSessionPerIp',
  'webchatMessagePerIp',
  'webchatMessagePerConversation',
  'webhookPerIp',
  'consoleLoginPerIp',
  'consoleFailuresPerAccount',
  'consoleFailuresPerIp',
];

/**
 * Abuse limits per client IP and per conversation (rate-limiter-flexible): on Redis (keys
 * `<prefix>rl:<limit>:<key>`) when the deployment has Redis, so every process counts together,
 * in memory otherwise. A Redis failure falls back to an in-process limiter instead of failing the
 * request. A request over a limit gets `RateLimitedError` (429, `Retry-After`).
 *
 * @example
 * const limits = new RateLimits({ security: config.security, env: config.env, state });
 * router.post('/webchat/session', limits.middleware('webchatSessionPerIp'), handler);
 */
export class RateLimits {
  private readonly limiters: Map<RateLimitName, RateLimiterAbstract>;
  private readonly exempt: ReadonlySet<string>;
  readonly enabled: boolean;
  readonly trustProxyHops: number;

  constructor(options: RateLimitsOptions) {
    const { rateLimits } = options.security;
    this.enabled = rateLimits.enabled;
    this.trustProxyHops = options.security.trustProxyHops;
    this.exempt = new Set(rateLimits.exemptIps ?? (options.env === 'production' ? [] : LOOPBACK_IPS));
    this.limiters = new Map(LIMIT_NAMES.map((name) => [name, createLimiter(name, options)]));
  }

  /** The client IP of a request, as the limits see it (`security.trustProxyHops`). */
  ipOf(req: Parameters<typeof clientIp>[0]): string {
    return clientIp(req, this.trustProxyHops);
  }

  /** True when requests from `ip` are not limited per IP or conversation (limits off, or an exempt IP). */
  isExempt(ip: string): boolean {
    return !this.enabled || this.exempt.has(ip);
  }

  /**
   * Counts one request of `key` against `name`; throws `RateLimitedError` once over the limit.
   * `ip`: the client's address, for exemptions; without it the limit always applies (accounts).
   */
  async consume(name: RateLimitName, key: string, ip?: string): Promise<void> {
    if (ip !== undefined && this.isExempt(ip)) return;
    try {
      await this.limiter(name).consume(key);
    } catch (rejection) {
      throw toRateLimitedError(rejection);
    }
  }

  /** Throws `RateLimitedError` while `key` has used up `name` (without counting this call). */
  async check(name: RateLimitName, key: string, ip?: string): Promise<void> {
    if (ip !== undefined && this.isExempt(ip)) return;
    const limiter = this.limiter(name);
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) throw new RateLimitedError(state.msBeforeNext);
  }

  /** Counts a failure of `key` (e.g. a wrong password) without throwing. */
  async penalize(name: RateLimitName, key: string, ip?: string): Promise<void> {
    if (ip !== undefined && this.isExempt(ip)) return;
    await this.limiter(name).penalty(key);
  }

  /** Forgets `key`'s count (e.g. a successful login clears the account's failures). */
  async reset(name: RateLimitName, key: string): Promise<void> {
    await this.limiter(name).delete(key);
  }

  /** Express middleware limiting by client IP. */
  middleware(name: RateLimitName): RequestHandler {
    return (req, _res, next) => {
      const ip = this.ipOf(req);
      this.consume(name, ip, ip).then(() => next(), next);
    };
  }

  private limiter(name: RateLimitName): RateLimiterAbstract {
    return this.limiters.get(name) as RateLimiterAbstract;
  }
}

function createLimiter(name: RateLimitName, options: RateLimitsOptions): RateLimiterAbstract {
  const { points, durationMs } = options.security.rateLimits[name];
  const common = { points, duration: Math.max(1, Math.ceil(durationMs / 1000)) };
  const redis = options.state.redis;
  if (!redis) return new RateLimiterMemory({ ...common, keyPrefix: name });
  return new RateLimiterRedis({
    ...common,
    storeClient: redis.client,
    keyPrefix: `${redis.keyPrefix}rl:${name}`,
    // A Redis outage must not turn every request into a 500: count in this process meanwhile.
    insuranceLimiter: new RateLimiterMemory({ ...common, keyPrefix: `${name}:insurance` }),
  });
}

function toRateLimitedError(rejection: unknown): Error {
  if (rejection instanceof RateLimiterRes) return new RateLimitedError(rejection.msBeforeNext);
  return rejection instanceof Error ? rejection : new Error(String(rejection));
}
