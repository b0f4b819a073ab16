import { z } from 'zod';
import { ValidationError } from '../../src/errors';
import type { TwilioParams } from '../twilio-shared/form-body';
import { errorCodeField, parseFields, sidOf } from '../twilio-shared/webhook-fields';

/** Longer speech results than this are not a caller's answer (Twilio stops listening after 60 s). */
export const MAX_SPEECH_CHARS = 1000;

/** The call a voice webhook is about. */
export interface CallInfo {
  callSid: string;
  /** The customer's side: the caller on inbound calls, the callee on calls we placed. */
  customer: string;
  /** Our number. */
  ourNumber: string;
}

/** What a `<Gather>` heard: speech with its ASR confidence, keypad digits, or nothing (silence). */
export interface GatherResult {
  call: CallInfo;
  speech?: string;
  /** Twilio's `Confidence`, 0–1, when it sent one. */
  confidence?: number;
  digits?: string;
  /** `completed` when the caller hung up during the gather. */
  callStatus?: string;
}

/** A call status callback. */
export interface CallStatusUpdate {
  call: CallInfo;
  callStatus: string;
  errorCode?: string;
}

const party = z.string().min(1).max(128);
/** The fields every voice webhook has: the call and its two parties. */
export const callSchema = z.looseObject({
  CallSid: sidOf(['CA']),
  From: party,
  To: party,
  CallStatus: z
    .string()
    .regex(/^[a-z-]{1,32}$/, 'must be a Twilio call status')
    .optional(),
});
const gatherSchema = callSchema.extend({
  SpeechResult: z.string().max(MAX_SPEECH_CHARS, `must be at most ${MAX_SPEECH_CHARS} characters`).optional(),
  Confidence: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1')
    .transform(Number)
    .optional(),
  Digits: z
    .string()
    .regex(/^[0-9*#]{0,32}$/, 'must be keypad digits')
    .optional(),
});
const statusSchema = callSchema.extend({
  CallStatus: z.string().regex(/^[a-z-]{1,32}$/, 'must be a Twilio call status'),
  ErrorCode: errorCodeField,
});

/** The call of a validated webhook; a `ValidationError` when neither party is our number. */
export function callOf(fields: z.output<typeof callSchema>, ourNumber: string): CallInfo {
  // Inbound calls come To our number; calls we place (REST) come From it.
  if (fields.To === ourNumber) return { callSid: fields.CallSid, customer: fields.From, ourNumber };
  if (fields.From === ourNumber) return { callSid: fields.CallSid, customer: fields.To, ourNumber };
  throw new ValidationError(
    "Invalid voice webhook: neither To nor From is this channel's number (TWILIO_PHONE_NUMBER).",
  );
}

/** Validates the webhook of a new call (`POST /twilio/voice`). */
export function parseCall(params: TwilioParams, ourNumber: string): CallInfo & { callStatus?: string } {
  const fields = parseFields(callSchema, params, 'voice');
  return { ...callOf(fields, ourNumber), callStatus: fields.CallStatus };
}

/** Validates a `<Gather>` action (`POST /twilio/voice/gather`). */
export function parseGather(params: TwilioParams, ourNumber: string): GatherResult {
  const fields = parseFields(gatherSchema, params, 'voice gather');
  const result: GatherResult = { call: callOf(fields, ourNumber) };
  if (fields.SpeechResult?.trim()) result.speech = fields.SpeechResult.trim();
  if (fields.Confidence !== undefined) result.confidence = fields.Confidence;
  if (fields.Digits) result.digits = fields.Digits;
  if (fields.CallStatus) result.callStatus = fields.CallStatus;
  return result;
}

/** Validates a call status callback (`POST /twilio/voice/status`). */
export function parseCallStatus(params: TwilioParams, ourNumber: string): CallStatusUpdate {
  const fields = parseFields(statusSchema, params, 'call status');
  const update: CallStatusUpdate = { call: callOf(fields, ourNumber), callStatus: fields.CallStatus };
  if (fields.ErrorCode) update.errorCode = fields.ErrorCode;
  return update;
}

/** Call statuses after which the call is over. */
export const CALL_ENDED_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);
