import { z } from 'zod';
import type { ChatLine } from '../handoff/handoff-events';
import type { Handoff } from '../handoff/handoff-record';

/**
 * The agent console's wire protocol: request bodies and socket frames (validated with zod here,
 * nowhere else) and the views the server sends. Documented in docs/agent-console.md.
 */

/** Longest agent message: a detailed answer, never a document. */
export const MAX_AGENT_TEXT_CHARS = 4000;

const text = z
  .string()
  .max(MAX_AGENT_TEXT_CHARS, `text must be at most ${MAX_AGENT_TEXT_CHARS} characters`)
  .refine((t) => t.trim().length > 0, 'text must not be empty');

/** Request bodies. */
export const consoleBodies = {
  login: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  presence: z.strictObject({ status: z.enum(['online', 'away']) }),
  message: z.strictObject({ text }),
  transfer: z.strictObject({ skill: z.string().min(1).max(32) }),
  resolve: z.strictObject({
    disposition: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'use a short lower-case code such as "solved" or "refund-issued"'),
  }),
  empty: z.strictObject({}),
};

/** Handoff ids in URLs. */
export const handoffIdSchema = z.string().regex(/^h-[0-9a-f-]{36}$/, 'not a handoff id');

/** Frames an agent's browser sends on `/console/socket`. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({
    type: z.literal('reply'),
    /** Echoed in the `ack` or `error`, so the page can match them. */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    handoffId: handoffIdSchema,
    text,
  }),
]);

/** A frame sent by the browser. */
export type ConsoleClientFrame = z.infer<typeof clientFrameSchema>;

/** Frames the server sends. */
export type ConsoleServerFrame =
  | { type: 'ready'; agentId: string }
  | { type: 'handoff'; handoff: Handoff }
  | { type: 'message'; handoffId: string; line: ChatLine }
  | { type: 'ack'; id: string; line: ChatLine }
  | { type: 'error'; id?: string; code: string; message: string }
  | { type: 'pong' };

/** A waiting conversation as the queue list shows it. */
export interface QueueItemView {
  handoffId: string;
  skill: string;
  priority: number;
  waitMs: number;
  channelId: string;
  customerName?: string;
  intent?: string;
  reason: string;
}
