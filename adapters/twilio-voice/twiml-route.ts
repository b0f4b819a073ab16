import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { hasErrorCode } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { TwilioParams } from '../twilio-shared/form-body';
import type { ReplayGuard } from '../twilio-shared/replay-guard';
import { gatherTwiml, hangUpTwiml, type TwimlSettings } from './twiml';
import type { VoicePrompts } from './voice-recovery';

/** What a TwiML route needs to apologize. */
export interface TwimlRouteOptions {
  logger: Logger;
  texts: VoicePrompts;
  twiml: TwimlSettings;
  /** When set, each signed request runs once; a replay or Twilio's retry gets the same TwiML. */
  replay?: ReplayGuard;
}

/**
 * Answers with the TwiML `produce` returns, or when it throws with `fallback`'s TwiML (default: an
 * apology), so Twilio never gets a 500. With `options.replay`, a request already answered gets the
 * remembered TwiML and `produce` does not run.
 */
export function twimlRoute(
  options: TwimlRouteOptions,
  produce: (params: TwilioParams) => Promise<string>,
  fallback?: (error: unknown) => string,
): RequestHandler {
  return async (req, res) => {
    const params = req.body as TwilioParams;
    const run = () => produce(params).catch((error: unknown) => answerFailure(error, options, fallback));
    let twiml: string;
    try {
      const signature = req.get(twilio.SIGNATURE_HEADER) ?? '';
      twiml = options.replay
        ? await options.replay.answer({ signature, originalUrl: req.originalUrl, params }, run)
        : await run();
    } catch (error) {
      twiml = answerFailure(error, options, fallback);
    }
    res.status(200).type('text/xml').send(twiml);
  };
}

function answerFailure(
  error: unknown,
  options: TwimlRouteOptions,
  fallback: ((error: unknown) => string) | undefined,
): string {
  return fallback ? fallback(error) : apologyFor(error, options);
}

function apologyFor(error: unknown, options: TwimlRouteOptions): string {
  const code = hasErrorCode(error) ? error.code : undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // The request itself is unusable; asking the caller again would loop, so the call ends politely.
    options.logger.warn({ code, err: error }, 'unusable voice webhook');
    return hangUpTwiml({ says: [options.texts.unavailable] }, options.twiml);
  }
  options.logger.error({ code, err: error }, 'voice turn failed');
  return gatherTwiml({ says: [options.texts.apology], hints: [], keypad: false }, options.twiml);
}
