import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { TwilioSignatureError } from '../../src/errors';
import type { RateLimits } from '../../src/security/rate-limits';
import { formBody, type TwilioParams } from './form-body';

/** What a Twilio webhook is verified with. */
export interface TwilioWebhookOptions {
  authToken: string;
  /** The deployment's public base URL: Twilio signs the URL it called, not the one we see behind a proxy. */
  publicBaseUrl: string;
  bodyLimitBytes: number;
  /** Abuse limits: `webhookPerIp` is applied before the body is read. */
  limits?: RateLimits;
}

/** The URL Twilio signed for a request whose path (and query) is `originalUrl`. */
export function signedUrl(publicBaseUrl: string, originalUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${originalUrl}`;
}

/**
 * Rejects (403, `SWB_ERR_TWILIO_SIGNATURE`) a request whose `X-Twilio-Signature` is missing or does
 * not match HMAC-SHA1(auth token, PUBLIC_BASE_URL + path + sorted params). The comparison is the
 * twilio library's, in constant time. Runs after {@link formBody}.
 */
export function verifyTwilioSignature(options: Omit<TwilioWebhookOptions, 'bodyLimitBytes'>): RequestHandler {
  return (req, _res, next) => {
    const signature = req.get(twilio.SIGNATURE_HEADER);
    if (!signature) return next(new TwilioSignatureError('missing'));
    if (req.get(twilio.SIGNATURE_SETTINGS_HEADER)) return next(new TwilioSignatureError('unsupported'));
    const url = signedUrl(options.publicBaseUrl, req.originalUrl);
    const valid = twilio.validateRequest(options.authToken, signature, url, req.body as TwilioParams);
    next(valid ? undefined : new TwilioSignatureError('invalid'));
  };
}

/**
 * The handlers every Twilio webhook route starts with: the per-IP limit (when given), parse the
 * form strictly, then verify its signature.
 */
export function twilioWebhook(options: TwilioWebhookOptions): RequestHandler[] {
  const verify = [formBody(options.bodyLimitBytes), verifyTwilioSignature(options)];
  return options.limits ? [options.limits.middleware('webhookPerIp'), ...verify] : verify;
}
