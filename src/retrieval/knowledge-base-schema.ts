/**
 * The zod schema of one FAQ file (`models/faq/*.yaml`). Entries are validated one by one so that
 * a broken entry does not hide the problems of the others.
 */
import { z } from 'zod';
import { CHANNEL_VARIANT_KEYS } from '../actions/template';

/** Longest phrasing accepted; longer "questions" are almost always a pasted answer. */
export const MAX_PHRASING_CHARS = 500;

const ENTRY_ID = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

const nonEmpty = () => z.string({ error: 'must be text' }).trim().min(1, 'is empty');

const phrasing = nonEmpty().max(MAX_PHRASING_CHARS, `is longer than ${MAX_PHRASING_CHARS} characters`);

const variantsShape = Object.fromEntries(
  CHANNEL_VARIANT_KEYS.map((key) => [key, nonEmpty().optional()]),
) as Record<(typeof CHANNEL_VARIANT_KEYS)[number], z.ZodOptional<z.ZodString>>;

/** Schema of one entry. */
export const faqEntrySchema = z.strictObject({
  id: z
    .string({ error: 'must be text' })
    .regex(ENTRY_ID, 'must be lower-case words joined by - _ or . (e.g. wire-fee-international)'),
  question: phrasing,
  alternatives: z.array(phrasing, { error: 'must be a list of phrasings' }).default([]),
  answer: nonEmpty(),
  variants: z.strictObject(variantsShape).optional(),
  tags: z.array(nonEmpty()).default([]),
  skill: nonEmpty().optional(),
  language: z.string().regex(LANGUAGE_TAG, 'must be a BCP 47 tag such as en or pt-BR').optional(),
});

/** Schema of a file: defaults for its entries, then the entries (validated separately). */
export const faqFileSchema = z.strictObject({
  language: z.string().regex(LANGUAGE_TAG, 'must be a BCP 47 tag such as en or pt-BR').optional(),
  skill: nonEmpty().optional(),
  entries: z
    .array(z.unknown(), { error: 'must be a list of entries' })
    .min(1, 'is empty: add at least one entry'),
});

/** A valid entry as written in the file. */
export type FaqEntryInput = z.output<typeof faqEntrySchema>;

/** Allowed keys per level, for "unknown key" messages. */
export const ALLOWED_KEYS = {
  file: Object.keys(faqFileSchema.shape),
  entry: Object.keys(faqEntrySchema.shape),
  variants: [...CHANNEL_VARIANT_KEYS],
} as const;
