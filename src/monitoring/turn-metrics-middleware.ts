import type { Middleware, TurnContext } from 'botbuilder-core';
import { codedCause } from '../bot/middleware/error-boundary';
import { DUPLICATE_KEY, TURN_ERROR_KEY } from '../bot/turn-keys';
import type { ActiveConversations } from './active-conversations';
import type { SwitchboardMetrics } from './switchboard-metrics';

/**
 * Times every turn and counts it by channel and outcome, and counts failures by their stable code.
 * Installed outermost (the server's `outer` slot), around the error boundary, so the time includes
 * dedupe and the turn-lock wait, and a failure the boundary turned into an apology is still counted
 * (the boundary leaves it under `TURN_ERROR_KEY`).
 */
export class TurnMetricsMiddleware implements Middleware {
  constructor(
    private readonly metrics: SwitchboardMetrics,
    private readonly active: ActiveConversations,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    let thrown: unknown;
    try {
      await next();
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      this.finished(context, (performance.now() - started) / 1000, thrown);
    }
  }

  private finished(context: TurnContext, seconds: number, thrown: unknown): void {
    const { channelId = 'unknown', conversation } = context.activity;
    const failure =
      thrown === undefined
        ? (context.turnState.get(TURN_ERROR_KEY) as { code: string } | undefined)
        : codeOf(thrown);
    const duplicate = context.turnState.get(DUPLICATE_KEY) === true;
    const outcome = failure ? 'error' : duplicate ? 'duplicate' : 'ok';
    this.metrics.turns.inc({ channel: channelId, outcome });
    this.metrics.turnDuration.observe({ channel: channelId }, seconds);
    if (failure) this.metrics.errors.inc({ code: failure.code });
    if (conversation?.id && !duplicate) this.active.touch(`${channelId}:${conversation.id}`);
  }
}

function codeOf(error: unknown): { code: string } {
  return codedCause(error) ?? { code: 'SWB_ERR_TURN_FAILED' };
}
