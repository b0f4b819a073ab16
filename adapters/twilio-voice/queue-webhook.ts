import { z } from 'zod';
import type { TwilioParams } from '../twilio-shared/form-body';
import { parseFields, sidOf } from '../twilio-shared/webhook-fields';
import { type CallInfo, callOf, callSchema } from './voice-webhook';

/** Twilio's queue counters are small non-negative integers (positions, sizes, seconds). */
const counter = z
  .string()
  .regex(/^\d{1,9}$/, 'must be a whole number')
  .transform(Number)
  .optional();

const waitSchema = callSchema.extend({
  QueueSid: sidOf(['QU']).optional(),
  QueuePosition: counter,
  QueueTime: counter,
  AvgQueueTime: counter,
  CurrentQueueSize: counter,
});
const resultSchema = callSchema.extend({
  QueueSid: sidOf(['QU']).optional(),
  QueueResult: z.string().regex(/^[a-z-]{1,32}$/, 'must be a Twilio queue result'),
  QueueTime: counter,
});
const connectSchema = callSchema.extend({
  DequeingCallSid: sidOf(['CA']).optional(),
  QueueTime: counter,
});
/** Handoff ids (`h-<uuid>`), as carried in the agent call's status callback URL. */
const handoffIdSchema = z.string().regex(/^h-[0-9a-f-]{36}$/, 'must be a handoff id');

/** A request of the `<Enqueue waitUrl>`: the caller is waiting. */
export interface QueueWait {
  call: CallInfo;
  /** Twilio's view (1 = the front), used when the handoff service cannot tell. */
  position?: number;
  /** Seconds the caller has waited so far. */
  waitedS?: number;
  /** Twilio's average wait of the queue in seconds. */
  averageWaitS?: number;
}

/** A request of the `<Enqueue action>`: the caller left the queue. */
export interface QueueResult {
  call: CallInfo;
  /** `hangup`, `bridged`, `redirected`, `redirected-from-bridged`, `leave`, `queue-full`, `error`, `system-error`… */
  result: string;
  callStatus?: string;
}

/** Validates a wait URL request. */
export function parseQueueWait(params: TwilioParams, ourNumber: string): QueueWait {
  const fields = parseFields(waitSchema, params, 'queue wait');
  const wait: QueueWait = { call: callOf(fields, ourNumber) };
  if (fields.QueuePosition !== undefined) wait.position = fields.QueuePosition;
  if (fields.QueueTime !== undefined) wait.waitedS = fields.QueueTime;
  if (fields.AvgQueueTime !== undefined) wait.averageWaitS = fields.AvgQueueTime;
  return wait;
}

/** Validates an Enqueue action request. */
export function parseQueueResult(params: TwilioParams, ourNumber: string): QueueResult {
  const fields = parseFields(resultSchema, params, 'queue result');
  const result: QueueResult = { call: callOf(fields, ourNumber), result: fields.QueueResult };
  if (fields.CallStatus) result.callStatus = fields.CallStatus;
  return result;
}

/** A request of the `<Queue url>`: the caller is about to be bridged to the agent's call. */
export interface QueueConnect {
  call: CallInfo;
  /** The agent's call that dequeued the caller. */
  dequeuingCallSid?: string;
}

/** Validates the `<Queue url>` request made just before the caller is bridged to the agent. */
export function parseQueueConnect(params: TwilioParams, ourNumber: string): QueueConnect {
  const fields = parseFields(connectSchema, params, 'queue connect');
  const connect: QueueConnect = { call: callOf(fields, ourNumber) };
  if (fields.DequeingCallSid) connect.dequeuingCallSid = fields.DequeingCallSid;
  return connect;
}

/** Validates the handoff id in the agent call's status callback URL. */
export function parseHandoffId(query: unknown): string {
  const fields = parseFields(
    z.looseObject({ handoffId: handoffIdSchema }),
    (query ?? {}) as TwilioParams,
    'agent call status',
  );
  return fields.handoffId;
}
