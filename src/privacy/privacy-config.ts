import { z } from 'zod';

/** An encryption key written as `id:base64key` (the form `PRIVACY_ENCRYPTION_KEYS` uses). */
const KEY_STRING = /^([A-Za-z0-9_-]{1,32}):(.+)$/;
/** How often the retention sweep runs by default: hourly keeps deletions within an hour of their date. */
const DEFAULT_RETENTION_SWEEP_MS = 60 * 60 * 1000;

const keySchema = z.union([
  z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), key: z.string().min(1) }),
  z
    .string()
    .regex(KEY_STRING, 'write each key as "id:base64key"')
    .transform((value) => {
      const [, id, key] = KEY_STRING.exec(value) as RegExpExecArray;
      return { id: id as string, key: key as string };
    }),
]);

/**
 * The `privacy` section: encryption keys for data at rest, retention of transcripts and events,
 * extra national id formats for PII redaction (docs/security.md).
 */
export function privacySchema() {
  return z
    .strictObject({
      /** AES-256-GCM keys, `{ id, key }` (32 bytes base64) or `"id:key"`; the first encrypts, all decrypt. */
      encryptionKeys: z
        .array(keySchema)
        .min(1)
        .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'key ids must be unique')
        .refine(
          (keys) => keys.every((k) => Buffer.from(k.key, 'base64').length === 32),
          'each key must be 32 bytes of base64 (openssl rand -base64 32)',
        )
        .optional(),
      /** Transcripts, events and finished conversations older than this many days are deleted; unset keeps them. */
      retentionDays: z.int().positive().optional(),
      /** How often the retention job runs. */
      retentionSweepIntervalMs: z.int().positive().default(DEFAULT_RETENTION_SWEEP_MS),
      /** National id formats redacted as `[NATIONAL_ID]`; replaces the defaults (US SSN, UK NI, ES DNI). */
      nationalIdPatterns: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            pattern: z.string().refine(isRegExp, 'must be a valid regular expression'),
          }),
        )
        .optional(),
    })
    .prefault({});
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'g');
    return true;
  } catch {
    return false;
  }
}

/** The parsed `privacy` section. */
export type PrivacyConfig = z.output<ReturnType<typeof privacySchema>>;
