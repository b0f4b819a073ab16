import { Router as createRouter, type RequestHandler, type Router } from 'express';
import type { Logger } from '../../src/logging/logger';
import type { TurnTracker } from '../../src/server/turn-tracker';
import type { BotLogic } from '../channel-adapter';
import type { DeliveryLog } from '../twilio-shared/delivery-log';
import type { TwilioParams } from '../twilio-shared/form-body';
import type { ReplayGuard } from '../twilio-shared/replay-guard';
import { type TwilioWebhookOptions, twilioWebhook } from '../twilio-shared/signature';
import { queueRoutes } from './queue-routes';
import type { HoldSettings } from './queue-twiml';
import { emptyTwiml, type TwimlSettings } from './twiml';
import { twimlRoute } from './twiml-route';
import type { VoiceAdapter } from './voice-adapter';
import type { VoiceHandoff } from './voice-handoff';
import type { VoicePrompts } from './voice-recovery';
import { CALL_ENDED_STATUSES, parseCall, parseCallStatus, parseGather } from './voice-webhook';

/** The number's "A call comes in" webhook. */
export const VOICE_WEBHOOK_PATH = '/twilio/voice';
/** The `<Gather>` action: each answer of the caller. */
export const VOICE_GATHER_PATH = '/twilio/voice/gather';
/** The number's "Call status changes" callback. */
export const VOICE_STATUS_PATH = '/twilio/voice/status';

/** What the voice routes need. */
export interface VoiceRoutesOptions {
  webhook: TwilioWebhookOptions;
  phoneNumber: string;
  adapter: VoiceAdapter;
  deliveries: DeliveryLog;
  twiml: TwimlSettings;
  texts: VoicePrompts;
  logic: BotLogic;
  tracker: TurnTracker;
  logger: Logger;
  /** Handoff on a call: the queue's wait, result, connect and agent status webhooks. */
  handoff?: VoiceHandoff;
  /** What a caller on hold hears between announcements. */
  hold?: HoldSettings;
  /** Runs each signed TwiML webhook once; a replay or Twilio's retry gets the same TwiML. */
  replay?: ReplayGuard;
}

/**
 * The voice webhooks. Unverifiable requests get a precise 4xx (415, 413, 400 for bad UTF-8, 403);
 * a verified request always gets valid TwiML, never a 500: an unusable one (missing fields, not
 * our number) an apology and `<Hangup/>`, a failed turn an apology inside a new `<Gather>`.
 */
export function voiceRoutes(options: VoiceRoutesOptions): Router {
  const router = createRouter();
  const verified = twilioWebhook(options.webhook);
  const { adapter, logic, tracker, phoneNumber } = options;

  router.post(
    VOICE_WEBHOOK_PATH,
    ...verified,
    twimlRoute(options, async (params) => {
      const call = parseCall(params, phoneNumber);
      if (call.callStatus && CALL_ENDED_STATUSES.has(call.callStatus)) return emptyTwiml();
      return tracker.run(() => adapter.answer(call, logic));
    }),
  );
  router.post(
    VOICE_GATHER_PATH,
    ...verified,
    twimlRoute(options, async (params) => {
      const result = parseGather(params, phoneNumber);
      if (!result.callStatus || !CALL_ENDED_STATUSES.has(result.callStatus)) {
        return tracker.run(() => adapter.hear(result, logic));
      }
      await tracker.run(() => adapter.hangUp(result.call, logic));
      return emptyTwiml();
    }),
  );
  router.post(VOICE_STATUS_PATH, ...verified, callStatusHandler(options));
  if (options.handoff) queueRoutes(router, { ...options, handoff: options.handoff, verified });
  return router;
}

/** Records a call status; a call that ended ends its conversation. Answers 204. */
function callStatusHandler(options: VoiceRoutesOptions): RequestHandler {
  return async (req, res) => {
    const update = parseCallStatus(req.body as TwilioParams, options.phoneNumber);
    const { callSid, customer } = update.call;
    const record = await options.deliveries.record({
      sid: callSid,
      kind: 'call',
      status: update.callStatus,
      errorCode: update.errorCode,
      to: customer,
      conversationId: callSid,
    });
    if (record.failed) options.logger.warn({ sid: callSid, status: record.status }, 'call not connected');
    if (CALL_ENDED_STATUSES.has(update.callStatus)) {
      await options.tracker.run(() => options.adapter.hangUp(update.call, options.logic));
    }
    res.status(204).end();
  };
}
