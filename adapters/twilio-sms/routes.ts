import { Router as createRouter, type RequestHandler, type Router } from 'express';
import twilio from 'twilio';
import type { Logger } from '../../src/logging/logger';
import type { TurnTracker } from '../../src/server/turn-tracker';
import type { BotLogic } from '../channel-adapter';
import type { DeliveryLog } from '../twilio-shared/delivery-log';
import type { TwilioParams } from '../twilio-shared/form-body';
import { type TwilioWebhookOptions, twilioWebhook } from '../twilio-shared/signature';
import type { ConsentStore } from './consent-store';
import { TWILIO_UNSUBSCRIBED_RECIPIENT } from './sms-adapter';
import type { SmsInbound } from './sms-inbound';
import { parseInboundSms, parseSmsStatus } from './sms-webhook';

/** Inbound messages: the number's "A message comes in" webhook. */
export const SMS_WEBHOOK_PATH = '/twilio/sms';
/** Delivery statuses of the messages we send (set on each send as `StatusCallback`). */
export const SMS_STATUS_PATH = '/twilio/sms/status';

/** What the SMS routes need. */
export interface SmsRoutesOptions {
  webhook: TwilioWebhookOptions;
  phoneNumber: string;
  inbound: SmsInbound;
  consent: ConsentStore;
  deliveries: DeliveryLog;
  logic: BotLogic;
  tracker: TurnTracker;
  logger: Logger;
}

/** An empty TwiML answer: replies go out through the REST API, never in the webhook response. */
const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();

/**
 * The SMS webhooks. Each parses its form strictly (415/413/400), verifies `X-Twilio-Signature`
 * against PUBLIC_BASE_URL (403), validates the fields (400), then acts:
 * - `POST /twilio/sms` answers `<Response/>` and runs the turn after answering (see {@link SmsInbound});
 * - `POST /twilio/sms/status` records the delivery status (204).
 */
export function smsRoutes(options: SmsRoutesOptions): Router {
  const router = createRouter();
  const verified = twilioWebhook(options.webhook);
  router.post(SMS_WEBHOOK_PATH, ...verified, inboundHandler(options));
  router.post(SMS_STATUS_PATH, ...verified, statusHandler(options));
  return router;
}

/** Answers `<Response/>` once consent is recorded, then runs the rest (the bot's turn, a HELP reply). */
function inboundHandler(options: SmsRoutesOptions): RequestHandler {
  return async (req, res) => {
    const message = parseInboundSms(req.body as TwilioParams, options.phoneNumber);
    // Tracked from the start, so shutdown waits for the turn that runs after the answer.
    await options.tracker.run(async () => {
      const afterAck = await options.inbound.accept(message, options.logic);
      res.status(200).type('text/xml').send(EMPTY_TWIML);
      try {
        await afterAck?.();
      } catch (error) {
        const context = { err: error, messageSid: message.messageSid };
        options.logger.error(context, 'SMS turn failed after the answer');
      }
    });
  };
}

/** Records a delivery status (a 21610 refusal also opts the number out). Answers 204. */
function statusHandler(options: SmsRoutesOptions): RequestHandler {
  return async (req, res) => {
    const status = parseSmsStatus(req.body as TwilioParams);
    const record = await options.deliveries.record({
      sid: status.messageSid,
      kind: 'message',
      status: status.status,
      errorCode: status.errorCode,
      to: status.to,
    });
    if (record.failed) {
      options.logger.warn({ sid: record.sid, errorCode: record.errorCode }, 'SMS not delivered');
    }
    const to = status.to ?? record.to;
    if (status.errorCode === String(TWILIO_UNSUBSCRIBED_RECIPIENT) && to) {
      await options.consent.record(to, { action: 'opt-out', source: 'api-error' });
    }
    res.status(204).end();
  };
}
