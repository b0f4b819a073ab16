import type { RequestHandler, Router } from 'express';
import type { Logger } from '../../src/logging/logger';
import type { TurnTracker } from '../../src/server/turn-tracker';
import type { DeliveryLog } from '../twilio-shared/delivery-log';
import type { TwilioParams } from '../twilio-shared/form-body';
import type { ReplayGuard } from '../twilio-shared/replay-guard';
import { type HoldSettings, holdTwiml, sayTwiml } from './queue-twiml';
import { parseHandoffId, parseQueueConnect, parseQueueResult, parseQueueWait } from './queue-webhook';
import type { TwimlSettings } from './twiml';
import { twimlRoute } from './twiml-route';
import type { VoiceHandoff } from './voice-handoff';
import type { VoicePrompts } from './voice-recovery';
import { parseCallStatus, parseGather } from './voice-webhook';

/** `<Enqueue waitUrl>`: what a caller on hold hears (position, then music or a pause), looped by Twilio. */
export const VOICE_QUEUE_WAIT_PATH = '/twilio/voice/wait';
/** `<Enqueue action>`: the caller left the queue (hung up, bridged call ended, moved by us). */
export const VOICE_QUEUE_RESULT_PATH = '/twilio/voice/queue-result';
/** The hold's `<Gather action>`: what the caller said or pressed while waiting ("cancel", star). */
export const VOICE_QUEUE_LEAVE_PATH = '/twilio/voice/leave-queue';
/** `<Queue url>` of the agent's `<Dial>`: said to the caller just before the bridge. */
export const VOICE_QUEUE_CONNECT_PATH = '/twilio/voice/connect';
/** Status callback of the calls placed to agents' phones (`?handoffId=…`). */
export const VOICE_AGENT_STATUS_PATH = '/twilio/voice/agent-status';

/** What the queue routes need. */
export interface QueueRoutesOptions {
  /** Form parsing and signature check (`twilioWebhook`). */
  verified: RequestHandler[];
  phoneNumber: string;
  handoff: VoiceHandoff;
  deliveries: DeliveryLog;
  twiml: TwimlSettings;
  texts: VoicePrompts;
  hold?: HoldSettings;
  tracker: TurnTracker;
  logger: Logger;
  /** Runs each signed TwiML webhook once; a replay or Twilio's retry gets the same TwiML. */
  replay?: ReplayGuard;
}

/** Music-less hold used when the wait URL itself fails: the caller stays queued, Twilio asks again. */
const FALLBACK_HOLD: HoldSettings = { repeatS: 10 };

/**
 * Mounts the webhooks of handoff on a call. Each is verified like the other voice routes (size
 * limit, UTF-8, `X-Twilio-Signature`: 413/415/400/403) and validated with zod; a verified TwiML
 * webhook always gets valid TwiML, never a 500 (the wait URL keeps the caller on hold).
 */
export function queueRoutes(router: Router, options: QueueRoutesOptions): void {
  const { verified, handoff, phoneNumber, tracker } = options;
  router.post(
    VOICE_QUEUE_WAIT_PATH,
    ...verified,
    // Not replay-guarded: it only reads the position (a replay changes nothing), and Twilio calls
    // it every few seconds during a hold, which would store an answer per call for a day.
    twimlRoute(
      { ...options, replay: undefined },
      (params) => handoff.wait(parseQueueWait(params, phoneNumber)),
      (error) => {
        options.logger.warn({ err: error }, 'queue wait answer failed');
        return holdTwiml(options.texts.queueHold, options.hold ?? FALLBACK_HOLD, options.twiml);
      },
    ),
  );
  router.post(
    VOICE_QUEUE_RESULT_PATH,
    ...verified,
    twimlRoute(options, (params) => tracker.run(() => handoff.result(parseQueueResult(params, phoneNumber)))),
  );
  router.post(
    VOICE_QUEUE_LEAVE_PATH,
    ...verified,
    twimlRoute(
      options,
      (params) => tracker.run(() => handoff.leave(parseGather(params, phoneNumber))),
      (error) => {
        options.logger.warn({ err: error }, 'queue leave answer failed');
        return sayTwiml([options.texts.queueHold], options.twiml);
      },
    ),
  );
  router.post(
    VOICE_QUEUE_CONNECT_PATH,
    ...verified,
    twimlRoute(
      options,
      (params) => handoff.connect(parseQueueConnect(params, phoneNumber)),
      (error) => {
        options.logger.warn({ err: error }, 'queue connect answer failed');
        return sayTwiml([options.texts.agentConnected], options.twiml);
      },
    ),
  );
  router.post(VOICE_AGENT_STATUS_PATH, ...verified, agentStatusHandler(options));
}

/** Records the agent call's status; an agent call that ended unbridged moves the caller to the text relay. */
function agentStatusHandler(options: QueueRoutesOptions): RequestHandler {
  return async (req, res) => {
    const handoffId = parseHandoffId(req.query);
    const update = parseCallStatus(req.body as TwilioParams, options.phoneNumber);
    await options.deliveries.record({
      sid: update.call.callSid,
      kind: 'call',
      status: update.callStatus,
      errorCode: update.errorCode,
      to: update.call.customer,
    });
    await options.tracker.run(() => options.handoff.agentCallStatus(update, handoffId));
    res.status(204).end();
  };
}
