import type { Middleware, TurnContext } from 'botbuilder-core';
import type { Histogram } from 'prom-client';

/**
 * Wraps a middleware so that its own time (until it calls `next`, or returns without calling it)
 * is observed in `histogram`; what runs after it is not counted. Used for the NLU stage.
 */
export function timedMiddleware(inner: Middleware, histogram: Pick<Histogram, 'observe'>): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const started = performance.now();
      let observed = false;
      const observe = () => {
        if (observed) return;
        observed = true;
        histogram.observe((performance.now() - started) / 1000);
      };
      try {
        await inner.onTurn(context, async () => {
          observe();
          await next();
        });
      } finally {
        observe();
      }
    },
  };
}
