/**
 * Receives failures that happen in the background, where no caller can catch them (a lock
 * renewal, a subscriber reconnect, a bus handler that threw). Inject your logger here.
 */
export type ErrorReporter = (error: unknown, context: string) => void;

/** The default reporter: a process warning, which Node prints once per occurrence on stderr. */
export const warnOnError: ErrorReporter = (error, context) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.emitWarning(`${context}: ${message}`, 'SwitchboardStateWarning');
};
