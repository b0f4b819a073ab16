import { z } from 'zod';
import { ValidationError } from '../../src/errors';
import type { TwilioParams } from '../twilio-shared/form-body';
import { E164 } from '../twilio-shared/twilio-options';
import { errorCodeField, parseFields, sidOf } from '../twilio-shared/webhook-fields';

/** Twilio joins a long SMS into one webhook of at most 1,600 characters; anything longer is not Twilio. */
export const MAX_SMS_BODY_CHARS = 1600;
/** Twilio delivers at most 10 media per MMS. */
export const MAX_MMS_MEDIA = 10;

/** One medium of an MMS. */
export interface InboundMedia {
  url: string;
  contentType: string;
}

/** An inbound SMS or MMS, validated and normalized (our names, not Twilio's). */
export interface InboundSms {
  messageSid: string;
  /** The customer's number (E.164). */
  from: string;
  /** Our number. */
  to: string;
  body: string;
  media: InboundMedia[];
  /** Twilio's `OptOutType` (`STOP`, `START`, `HELP`) when Advanced Opt-Out matched a keyword. */
  optOutType?: string;
}

/** A message status callback. */
export interface SmsStatus {
  messageSid: string;
  status: string;
  errorCode?: string;
  to?: string;
}

const phone = z.string().regex(E164, 'must be an E.164 phone number');
const inboundSchema = z.looseObject({
  MessageSid: sidOf(['SM', 'MM']),
  From: phone,
  To: phone,
  Body: z.string().max(MAX_SMS_BODY_CHARS, `must be at most ${MAX_SMS_BODY_CHARS} characters`).default(''),
  NumMedia: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().max(MAX_MMS_MEDIA))
    .default(0),
  OptOutType: z.string().max(32).optional(),
});
const mediaSchema = z.strictObject({
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type'),
});
const statusSchema = z.looseObject({
  MessageSid: sidOf(['SM', 'MM']),
  MessageStatus: z.string().regex(/^[a-z_-]{1,32}$/, 'must be a Twilio message status'),
  ErrorCode: errorCodeField,
  To: phone.optional(),
});

/**
 * Validates an inbound SMS webhook and checks that it was sent to `ourNumber` (a webhook for
 * another number means a misconfigured console: 400, so it shows in Twilio's debugger).
 */
export function parseInboundSms(params: TwilioParams, ourNumber: string): InboundSms {
  const fields = parseFields(inboundSchema, params, 'SMS');
  if (fields.To !== ourNumber) {
    throw new ValidationError(
      'Invalid SMS webhook: To is not this channel\'s number (TWILIO_PHONE_NUMBER). Point only that number\'s "A message comes in" webhook here.',
    );
  }
  const media: InboundMedia[] = [];
  for (let i = 0; i < fields.NumMedia; i++) {
    const item = { url: params[`MediaUrl${i}`], contentType: params[`MediaContentType${i}`] };
    media.push(parseFields(mediaSchema, item as unknown as TwilioParams, `SMS media ${i}`));
  }
  const message: InboundSms = {
    messageSid: fields.MessageSid,
    from: fields.From,
    to: fields.To,
    body: fields.Body,
    media,
  };
  if (fields.OptOutType) message.optOutType = fields.OptOutType;
  return message;
}

/** Validates a message status callback. */
export function parseSmsStatus(params: TwilioParams): SmsStatus {
  const fields = parseFields(statusSchema, params, 'SMS status');
  const status: SmsStatus = { messageSid: fields.MessageSid, status: fields.MessageStatus };
  if (fields.ErrorCode) status.errorCode = fields.ErrorCode;
  if (fields.To) status.to = fields.To;
  return status;
}
