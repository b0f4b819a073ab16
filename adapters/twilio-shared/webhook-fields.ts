import { z } from 'zod';
import { ValidationError } from '../../src/errors';
import type { TwilioParams } from './form-body';

/** A Twilio SID: two upper-case letters (`SM`, `MM`, `CA`, …) and 32 hex characters. */
export const sidOf = (prefixes: readonly string[]) =>
  z
    .string()
    .regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'must be a Twilio SID')
    .refine((sid) => prefixes.includes(sid.slice(0, 2)), `must start with ${prefixes.join(' or ')}`);

/** Twilio's numeric error codes, as posted in status callbacks. */
export const errorCodeField = z
  .string()
  .regex(/^\d{0,6}$/, 'must be a Twilio error code')
  .optional()
  .transform((code) => code || undefined);

/**
 * Validates a verified webhook's fields. Objects are loose on purpose: Twilio adds fields over
 * time (geography, add-ons) and a new field must not break the channel. The error names each bad
 * field and why, never its value (phone numbers and message text are PII).
 */
export function parseFields<Schema extends z.ZodType>(
  schema: Schema,
  params: TwilioParams,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new ValidationError(`Invalid ${what} webhook: ${problems.join('; ')}.`);
}
