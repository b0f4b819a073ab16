import { RateLimitedError } from '../errors';

/** Failed logins allowed per user name within the window: enough for typos, too few for guessing. */
const MAX_FAILURES = 5;
/** The window: a locked-out agent waits at most this long. */
const WINDOW_MS = 5 * 60_000;
/** Names remembered at most, so a flood of random names cannot grow the map without bound. */
const MAX_TRACKED = 10_000;

/**
 * Slows password guessing: after {@link MAX_FAILURES} failed logins for one user name within
 * {@link WINDOW_MS}, further attempts get `RateLimitedError` (429) until the window ends. Per
 * process (each process also pays scrypt's cost per attempt); a success clears the count.
 * The console itself uses `LoginLockout` (per account and per IP, shared through Redis).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Throws `RateLimitedError` while the name is locked out. */
  check(username: string): void {
    const entry = this.failures.get(username);
    if (!entry) return;
    const now = this.now();
    if (entry.resetAt <= now) this.failures.delete(username);
    else if (entry.count >= MAX_FAILURES) throw new RateLimitedError(entry.resetAt - now);
  }

  failed(username: string): void {
    const now = this.now();
    const entry = this.failures.get(username);
    if (entry && entry.resetAt > now) entry.count += 1;
    else {
      if (this.failures.size >= MAX_TRACKED)
        this.failures.delete(this.failures.keys().next().value as string);
      this.failures.set(username, { count: 1, resetAt: now + WINDOW_MS });
    }
  }

  succeeded(username: string): void {
    this.failures.delete(username);
  }
}
