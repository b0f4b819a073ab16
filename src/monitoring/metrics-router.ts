import { createHash, timingSafeEqual } from 'node:crypto';
import { Router as createRouter, type Router } from 'express';
import { MetricsAuthError } from '../errors';
import type { SwitchboardMetrics } from './switchboard-metrics';

/** Options of {@link metricsRouter}. */
export interface MetricsRouterOptions {
  metrics: Pick<SwitchboardMetrics, 'scrape'>;
  /** When set, the scrape must send `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * `GET /metrics`: Prometheus exposition text of the deployment's registry, optionally behind a
 * bearer token (compared in constant time; a missing or wrong token is a coded 401).
 */
export function metricsRouter(options: MetricsRouterOptions): Router {
  const router = createRouter();
  const expected = options.token === undefined ? undefined : digest(options.token);
  router.get('/metrics', async (req, res) => {
    if (expected && !authorized(req.headers.authorization, expected)) throw new MetricsAuthError();
    const { contentType, body } = await options.metrics.scrape();
    res.setHeader('cache-control', 'no-store');
    res.type(contentType).send(body);
  });
  return router;
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/** Hashing first gives both sides the same length, as `timingSafeEqual` requires. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
