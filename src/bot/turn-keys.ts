/**
 * Keys under which the pipeline's middleware leave values in `context.turnState`, so that later
 * middleware, the dialogs and the adapters can read them. Symbols: no collisions with botbuilder.
 */

/** The `LockHandle` of the turn lock (its fencing token guards writes). */
export const TURN_LOCK_KEY = Symbol('switchboard.turnLock');
/** Set to `true` when the dedupe middleware dropped this activity as a redelivery. */
export const DUPLICATE_KEY = Symbol('switchboard.duplicate');
/** The error that ended the turn, when the error boundary caught one. */
export const TURN_ERROR_KEY = Symbol('switchboard.turnError');
