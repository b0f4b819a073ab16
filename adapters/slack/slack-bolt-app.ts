import { type AckFn, App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import { SlackPayloadError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import { HANDLED_EVENT_TYPES } from './slack-inbound';

/**
 * Bolt's `App` with one guarantee added: every payload gets its answer as soon as Bolt is done
 * with it. Bolt leaves payloads it cannot classify, and interactive payloads nobody listens to,
 * unanswered until its 3 s timeout (then a 404, and Slack retries or shows an error). Here they are
 * acknowledged at once and logged; a listener failure is logged, never thrown at the receiver.
 */
export class SlackBoltApp extends App {
  readonly #log: Logger;
  #refusing: () => boolean = () => false;

  constructor(options: AppOptions, logger: Logger) {
    super(options);
    this.#log = logger;
  }

  /**
   * While `refusing()` holds (shutdown), payloads are left unacknowledged so Slack delivers them
   * again, to another process; over HTTP the route answers 503 before Bolt sees the request.
   */
  refuseWhile(refusing: () => boolean): void {
    this.#refusing = refusing;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    if (this.#refusing()) {
      this.#log.info(
        { payloadType: payloadKindOf(event.body) },
        'slack payload left for redelivery: shutting down',
      );
      return;
    }
    let acked = false;
    const ack: AckFn<unknown> = async (response) => {
      acked = true;
      await event.ack(response);
    };
    logUnhandledEvent(event.body, this.#log);
    try {
      await super.processEvent({ ...event, ack });
    } catch (error) {
      this.#log.error(
        { err: error, code: (error as { code?: unknown }).code },
        'slack payload handling failed',
      );
    } finally {
      if (!acked) await this.ackUnhandled(event);
    }
  }

  private async ackUnhandled(event: ReceiverEvent): Promise<void> {
    const kind = payloadKindOf(event.body);
    // Bolt acknowledges every event it recognizes; an unanswered event_callback is malformed.
    if (kind === undefined || kind === 'event_callback') {
      const error = new SlackPayloadError(`the ${kind ?? 'untyped'} payload has no recognizable shape`);
      this.#log.warn({ code: error.code, payloadType: kind }, error.message);
    } else {
      this.#log.info({ payloadType: kind }, 'slack payload without a handler acknowledged');
    }
    try {
      await event.ack();
    } catch (error) {
      this.#log.warn({ err: error }, 'slack acknowledgement failed');
    }
  }
}

/** What kind of payload a body is, as far as logs care; undefined when it has no type at all. */
export function payloadKindOf(body: Record<string, unknown>): string | undefined {
  if (typeof body['command'] === 'string') return 'slash_command';
  return typeof body['type'] === 'string' ? body['type'] : undefined;
}

/** Logs an Events API event nobody listens to (reactions, channel renames, …) at debug level. */
function logUnhandledEvent(body: Record<string, unknown>, logger: Logger): void {
  const event = body['event'] as { type?: unknown } | undefined;
  const type = typeof event?.type === 'string' ? event.type : undefined;
  if (body['type'] === 'event_callback' && (type === undefined || !HANDLED_EVENT_TYPES.has(type))) {
    logger.debug(
      { eventType: type, eventId: body['event_id'] },
      'slack event type not handled; acknowledged',
    );
  }
}
