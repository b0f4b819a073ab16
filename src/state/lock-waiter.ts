import { abortReason } from './lock-options';

/**
 * One `acquire` call waiting for a Redis lock: sleeps between attempts until its poll delay ends,
 * a release names it on the wake channel, its signal aborts, or the service closes.
 * A wake that arrives while it is not sleeping is remembered, so none is lost.
 */
export class LockWaiter {
  #woken = false;
  #cancelled: unknown;
  #wakeSleeper: (() => void) | undefined;
  #failSleeper: ((error: unknown) => void) | undefined;

  /** Ends the current sleep, or the next one at once. */
  wake(): void {
    if (this.#wakeSleeper) this.#wakeSleeper();
    else this.#woken = true;
  }

  /** Fails the current and every later sleep with `error` (service closing). */
  cancel(error: unknown): void {
    this.#cancelled = error;
    this.#failSleeper?.(error);
  }

  /** Sleeps up to `ms`; rejects with the signal's reason on abort or the cancel error. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#cancelled !== undefined) return Promise.reject(this.#cancelled);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => finish(() => reject(abortReason(signal as AbortSignal)));
      const timer = setTimeout(() => finish(resolve), ms);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#wakeSleeper = undefined;
        this.#failSleeper = undefined;
        settle();
      };
      this.#wakeSleeper = () => finish(resolve);
      this.#failSleeper = (error) => finish(() => reject(error));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
