import type { SwitchboardConfig } from '../config/schema';
import type { StateServices } from '../state/ports';
import { RateLimits } from './rate-limits';

const byState = new WeakMap<StateServices, RateLimits>();

/**
 * The one {@link RateLimits} of a deployment's state services, so that the web chat, the webhooks
 * and the console of one server count against the same limiters (and Redis keys). Channels call
 * it with their runtime; nothing needs passing through the server.
 */
export function sharedRateLimits(runtime: { config: SwitchboardConfig; state: StateServices }): RateLimits {
  let limits = byState.get(runtime.state);
  if (!limits) {
    limits = new RateLimits({
      security: runtime.config.security,
      env: runtime.config.env,
      state: runtime.state,
    });
    byState.set(runtime.state, limits);
  }
  return limits;
}
