import type { Middleware, TurnContext } from 'botbuilder-core';
import { hasErrorCode, TurnError } from '../../errors';
import type { Logger } from '../../logging/logger';
import { TURN_ERROR_KEY } from '../turn-keys';

/** Options of {@link ErrorBoundaryMiddleware}. */
export interface ErrorBoundaryOptions {
  logger: Logger;
  /** What the customer is told when a turn fails. */
  apology?: string;
}

/** The default apology: polite, promises nothing the bot cannot keep. */
export const DEFAULT_APOLOGY = 'Sorry, something went wrong on our side. Please try again in a moment.';

/**
 * The outermost middleware: one catch for the whole turn. A failure is logged once, with its
 * stable code and the conversation id (never the customer's text), the customer gets a polite
 * apology, and the error is left in turn state for the adapter (e.g. an HTTP status).
 */
export class ErrorBoundaryMiddleware implements Middleware {
  private readonly apology: string;

  constructor(private readonly options: ErrorBoundaryOptions) {
    this.apology = options.apology ?? DEFAULT_APOLOGY;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    try {
      await next();
    } catch (error) {
      const coded = codedCause(error) ?? new TurnError('The turn failed.', { cause: error });
      context.turnState.set(TURN_ERROR_KEY, coded);
      this.options.logger.error(
        {
          code: coded.code,
          conversationId: context.activity.conversation?.id,
          channelId: context.activity.channelId,
          err: error,
        },
        'turn failed',
      );
      await this.apologize(context);
    }
  }

  private async apologize(context: TurnContext): Promise<void> {
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(this.apology);
    } catch (error) {
      this.options.logger.error(
        { err: error, conversationId: context.activity.conversation?.id },
        'apology failed',
      );
    }
  }
}

/** Hops a wrapper may add around the real error before the boundary sees it. */
const MAX_UNWRAP_DEPTH = 5;

/**
 * The Switchboard error inside `error`, if any. botbuilder-dialogs wraps errors thrown in a dialog
 * in a `DialogContextError` (the original in `.error`); standard wrappers use `.cause`.
 */
export function codedCause(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_UNWRAP_DEPTH && current !== undefined && current !== null; depth++) {
    if (hasErrorCode(current)) return current;
    const wrapper = current as { error?: unknown; cause?: unknown };
    current = wrapper.error ?? wrapper.cause;
  }
  return undefined;
}
