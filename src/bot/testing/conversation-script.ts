import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../../errors';

/** The channels a script can run on. */
export const SCRIPT_CHANNELS = ['webchat', 'slack', 'sms', 'voice'] as const;

/** A text expectation: exact text, or a part, or a pattern. */
const textExpectation = z.union([
  z.string(),
  z.strictObject({
    text: z.string().optional(),
    contains: z.union([z.string(), z.array(z.string())]).optional(),
    matches: z.string().optional(),
  }),
]);

const botStep = z.strictObject({
  bot: textExpectation,
  /** The titles of the choices offered, in order. */
  choices: z.array(z.string()).optional(),
  webchat: textExpectation.optional(),
  slack: textExpectation.optional(),
  sms: textExpectation.optional(),
  voice: textExpectation.optional(),
});

/** The conversation's active handoff after the last turn: `null` for none. */
const handoffStep = z.strictObject({
  handoff: z
    .strictObject({
      status: z.enum(['pending', 'assigned']).optional(),
      skill: z.string().optional(),
      reason: z.string().optional(),
    })
    .nullable(),
});

const step = z.union([
  z.strictObject({ user: z.string() }),
  z.strictObject({ choose: z.string() }),
  z.strictObject({ start: z.literal(true) }),
  /** The customer comes back later: a new conversation, user state kept. */
  z.strictObject({ restart: z.literal(true) }),
  botStep,
  /** The bot sent nothing in reply to the last message (a person is serving the customer). */
  z.strictObject({ silent: z.literal(true) }),
  z.strictObject({ intent: z.string() }),
  z.strictObject({ dialog: z.string().nullable() }),
  handoffStep,
]);

/** A conversation test: what the customer says and what the bot must reply. */
export const conversationScriptSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  channels: z
    .array(z.enum(SCRIPT_CHANNELS))
    .min(1)
    .default([...SCRIPT_CHANNELS]),
  /** The clock of the run (ISO instant): "last Tuesday" resolves against it. */
  now: z.iso.datetime().optional(),
  /** User state to start with: start mid-relationship (a known customer). */
  profile: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** The customer's number on SMS and voice (caller ID, E.164); default: a number the bank does not know. */
  caller: z
    .string()
    .regex(/^\+\d{7,15}$/, 'use an E.164 number such as "+12025550101"')
    .optional(),
  steps: z.array(step).min(1),
});

/** A parsed conversation script. */
export type ConversationScript = z.output<typeof conversationScriptSchema>;
/** One step of a script. */
export type ScriptStep = ConversationScript['steps'][number];
/** An expectation on a bot message's text. */
export type TextExpectation = z.output<typeof textExpectation>;
/** A bot step. */
export type BotStep = z.output<typeof botStep>;
/** A handoff step. */
export type HandoffStep = z.output<typeof handoffStep>;

/** Reads and validates a script file; every problem is reported with the file name. */
export function loadConversationScript(file: string): ConversationScript {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`${file}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const parsed = conversationScriptSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new ValidationError(`${file}: invalid conversation script:\n${problems}`);
  }
  return parsed.data;
}
