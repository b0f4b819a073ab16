import { ShuttingDownError } from '../errors';

/**
 * Counts the turns in flight so that shutdown can wait for them: after `close()` starts, new
 * turns are refused with `ShuttingDownError` and `close()` resolves when the running ones finish
 * (or after the timeout, whichever comes first).
 */
export class TurnTracker {
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  /** Number of turns running now. */
  get size(): number {
    return this.inFlight;
  }

  /** True once shutdown began. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Runs `work` as a tracked turn. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) throw new ShuttingDownError();
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  /** Stops new turns and waits for running ones, at most `timeoutMs`; idempotent. */
  close(timeoutMs: number): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.inFlight === 0) return resolve();
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    return this.closing;
  }
}
