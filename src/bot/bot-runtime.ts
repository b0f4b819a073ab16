import type { ConversationState, Middleware, Storage, UserState } from 'botbuilder-core';
import type { BotLogic } from '../../adapters/channel-adapter';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';
import type { ConversationReferenceStore } from './conversation-reference-store';
import { ChoiceInputMiddleware } from './middleware/choice-input';
import { createPipeline } from './pipeline';
import { SnapshotConversationState, SnapshotUserState } from './snapshot-state';

/** What the bot factory receives: the shared stores and state the bot lives in. */
export interface BotFactoryContext {
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
}

/** Options of {@link createBotRuntime}. */
export interface BotRuntimeOptions {
  logger: Logger;
  state: Pick<StateServices, 'storage' | 'dedupe' | 'locks'>;
  references: ConversationReferenceStore;
  transcripts: TranscriptStore;
  turnLock: { waitMs: number; ttlMs: number };
  /** Builds the bot's turn logic. */
  bot: (context: BotFactoryContext) => BotLogic;
  /** Middleware right after the transcript, before choice input (the handoff gate). */
  gate?: Middleware[];
  /** Middleware after choice input, before the bot (NLU), in order. */
  inner?: Middleware[];
  /** Middleware around the whole pipeline, before the error boundary (turn metrics). */
  outer?: Middleware[];
}

/** The bot and the middleware every channel adapter of a deployment shares. */
export interface BotRuntime {
  conversationState: ConversationState;
  userState: UserState;
  logic: BotLogic;
  /** The full pipeline, in order, for `adapter.use(...pipeline)`. */
  pipeline: Middleware[];
}

/**
 * Builds the bot with its state and the full turn pipeline: the server and the conversation-test
 * harness use this one function, so tests run exactly what production runs.
 */
export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  const conversationState = new SnapshotConversationState(options.state.storage);
  const userState = new SnapshotUserState(options.state.storage);
  const logic = options.bot({
    storage: options.state.storage,
    conversationState,
    userState,
    logger: options.logger,
  });
  const choiceInput = new ChoiceInputMiddleware(conversationState.createProperty('offeredChoices'));
  const pipeline = createPipeline({
    logger: options.logger,
    state: options.state,
    references: options.references,
    transcripts: options.transcripts,
    turnLock: options.turnLock,
    inner: [...(options.gate ?? []), choiceInput, ...(options.inner ?? [])],
    outer: options.outer,
  });
  return { conversationState, userState, logic, pipeline };
}
