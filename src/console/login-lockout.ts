import type { RateLimits } from '../security/rate-limits';

/**
 * Slows password guessing with the deployment's rate limits (shared by every process on Redis):
 * - login attempts per client IP (`consoleLoginPerIp`);
 * - failed logins per account (`consoleFailuresPerAccount`, default 5 in 5 minutes): the account
 *   is locked for the rest of the window, whatever IP the attempts come from; a success clears it;
 * - failed logins per client IP (`consoleFailuresPerIp`): one address guessing many accounts.
 * A locked-out attempt gets `RateLimitedError` (429, `Retry-After`) before the password is checked.
 */
export class LoginLockout {
  constructor(private readonly limits: RateLimits) {}

  /** Throws `RateLimitedError` while the account or the IP is locked out, or the IP tries too often. */
  async check(username: string, ip: string): Promise<void> {
    await this.limits.consume('consoleLoginPerIp', ip, ip);
    await this.limits.check('consoleFailuresPerAccount', accountKey(username));
    await this.limits.check('consoleFailuresPerIp', ip, ip);
  }

  async failed(username: string, ip: string): Promise<void> {
    await this.limits.penalize('consoleFailuresPerAccount', accountKey(username));
    await this.limits.penalize('consoleFailuresPerIp', ip, ip);
  }

  async succeeded(username: string): Promise<void> {
    await this.limits.reset('consoleFailuresPerAccount', accountKey(username));
  }
}

/** User names are case-folded so `Alice` and `alice` share one lockout. */
function accountKey(username: string): string {
  return username.toLowerCase();
}
