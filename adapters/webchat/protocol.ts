import { z } from 'zod';

/**
 * The web chat wire protocol (WebSocket frames and HTTP bodies), documented in docs/channels.md.
 * Every inbound frame is validated here; nothing else parses client input.
 */

/** Client message ids: opaque, URL-safe, bounded. */
const clientMessageId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'use letters, digits, "_" or "-"');

/** A button's value: what clicking it says on the customer's behalf. */
const POSTBACK_MAX_CHARS = 500;

/** Builds the inbound schemas for a given maximum text length. */
export function inboundSchemas(maxTextChars: number) {
  const text = z
    .string()
    .max(maxTextChars, `text must be at most ${maxTextChars} characters`)
    .refine((t) => t.trim().length > 0, 'text must not be empty');
  const message = z.strictObject({ type: z.literal('message'), clientMessageId, text });
  const postBack = z.strictObject({
    type: z.literal('postBack'),
    clientMessageId,
    value: z.string().min(1).max(POSTBACK_MAX_CHARS),
    title: z.string().max(POSTBACK_MAX_CHARS).optional(),
  });
  const hello = z.strictObject({
    type: z.literal('hello'),
    token: z.string().min(1).max(4096),
    after: z.int().min(0).default(0),
  });
  const start = z.strictObject({ type: z.literal('start') });
  const ping = z.strictObject({ type: z.literal('ping') });
  return {
    /** Frames a client sends after `hello`. */
    frame: z.discriminatedUnion('type', [message, postBack, start, ping]),
    hello,
    /** Body of `POST /webchat/messages`. */
    httpMessage: z.discriminatedUnion('type', [message, postBack, start]),
  };
}

/** A frame sent by a client after `hello`. */
export type ClientFrame = z.infer<ReturnType<typeof inboundSchemas>['frame']>;
/** An inbound turn: a message, a button click, or the start of a new conversation. */
export type InboundTurn = z.infer<ReturnType<typeof inboundSchemas>['httpMessage']>;

/** A button shown under a message. */
export interface WebChatButton {
  title: string;
  value: string;
}

/** A message as the widget shows it. */
export interface WebChatMessage {
  /** Sequence number within the conversation: ordering, catch-up and dedupe. */
  seq: number;
  from: 'customer' | 'bot' | 'agent';
  text: string;
  buttons?: WebChatButton[];
  /** Set on the echo of a customer's message, so the sending tab can match it. */
  clientMessageId?: string;
  /** Display name of the sender (an agent's name). */
  name?: string;
  timestamp: string;
}

/** Frames the server sends. */
export type ServerFrame =
  | { type: 'ready'; conversationId: string; userId: string }
  | { type: 'message'; message: WebChatMessage }
  | { type: 'typing'; from: 'bot' | 'agent' }
  | { type: 'ack'; clientMessageId: string; duplicate: boolean }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' };
