import type { RequestHandler } from 'express';
import { hasErrorCode } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { TwilioParams } from '../twilio-shared/form-body';
import { gatherTwiml, hangUpTwiml, type TwimlSettings } from './twiml';
import type { VoicePrompts } from './voice-recovery';

/** What a TwiML route needs to apologize. */
export interface TwimlRouteOptions {
  logger: Logger;
  texts: VoicePrompts;
  twiml: TwimlSettings;
}

/**
 * Answers with the TwiML `produce` returns, or when it throws with `fallback`'s TwiML (default: an
 * apology), so Twilio never gets a 500.
 */
export function twimlRoute(
  options: TwimlRouteOptions,
  produce: (params: TwilioParams) => Promise<string>,
  fallback?: (error: unknown) => string,
): RequestHandler {
  return async (req, res) => {
    let twiml: string;
    try {
      twiml = await produce(req.body as TwilioParams);
    } catch (error) {
      twiml = fallback ? fallback(error) : apologyFor(error, options);
    }
    res.status(200).type('text/xml').send(twiml);
  };
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
