import express, { type Express, type Router } from 'express';
import type { Logger } from '../logging/logger';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { checkReadiness, type ReadinessCheck } from './readiness';
import type { TurnTracker } from './turn-tracker';

/** What the express app is built from. */
export interface AppOptions {
  logger: Logger;
  tracker: TurnTracker;
  readiness: readonly ReadinessCheck[];
  /**
   * Routers mounted in order. Routers that parse their own bodies (Slack's, Twilio's) come first;
   * there is no global body parser, so each route chooses its limit and verification.
   */
  routers: readonly Router[];
}

/**
 * The HTTP app: health (`/healthz`: the process is alive), readiness (`/readyz`: stores and
 * models loaded, not shutting down), the channels' routes, then coded JSON 404s and errors.
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await checkReadiness(options.readiness);
    const ready = report.ready && !options.tracker.isClosing;
    res.status(ready ? 200 : 503).json({ ...report, ready, shuttingDown: options.tracker.isClosing });
  });
  for (const router of options.routers) app.use(router);
  app.use(notFoundHandler());
  app.use(errorHandler(options.logger));
  return app;
}
