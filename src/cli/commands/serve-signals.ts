import type { Logger } from '../../logging/logger';

/**
 * Time left for the process to exit by itself after a graceful close (sockets closing, BullMQ
 * connections quitting); past it, whatever still holds the event loop is not worth waiting for.
 */
const EXIT_GRACE_MS = 5_000;

/**
 * Resolves on the first SIGTERM or SIGINT (graceful shutdown begins); a second signal while the
 * process drains exits at once with code 130, as an impatient operator expects.
 */
export function waitForShutdownSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutdown signal: draining in-flight turns');
      process.once('SIGTERM', forceExit);
      process.once('SIGINT', forceExit);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function forceExit(): void {
  process.exit(130);
}

/** Call after a graceful close: exits once the grace period passed if a library left a handle open. */
export function exitIfStuck(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
}
