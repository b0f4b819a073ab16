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
/**
 * A callback an adapter may leave in turn state: called once the turn is accepted (not a duplicate,
 * turn lock held), before anything else runs — even when a later middleware (the handoff gate)
 * keeps the bot from answering. Web chat records the customer's message in its reply log here.
 */
export const TURN_ACCEPTED_KEY = Symbol('switchboard.turnAccepted');

/** The type of the {@link TURN_ACCEPTED_KEY} callback. */
export type TurnAcceptedHook = (context: import('botbuilder-core').TurnContext) => Promise<void>;
