import type { BotAdapter, Middleware } from 'botbuilder-core';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { Logger } from '../logging/logger';
import type { StateServices } from '../state/ports';
import type { ConversationReferenceStore } from './conversation-reference-store';
import { ConversationReferenceMiddleware } from './middleware/conversation-reference';
import { DedupeMiddleware } from './middleware/dedupe';
import { ErrorBoundaryMiddleware } from './middleware/error-boundary';
import { TranscriptMiddleware } from './middleware/transcript';
import { TurnLockMiddleware } from './middleware/turn-lock';

/** What the turn pipeline needs. */
export interface PipelineOptions {
  logger: Logger;
  state: Pick<StateServices, 'dedupe' | 'locks'>;
  references: ConversationReferenceStore;
  transcripts: TranscriptStore;
  turnLock: { waitMs: number; ttlMs: number };
  /** Customer apology when a turn fails. */
  apology?: string;
  /**
   * Middleware that runs after the transcript and before the bot, in this order: the handoff
   * gate, then NLU. Each capability adds its own.
   */
  inner?: Middleware[];
  /** Middleware around the whole pipeline, before the error boundary (turn metrics). */
  outer?: Middleware[];
}

/** The names of the pipeline's stages, in the order they run (documented in docs/architecture.md). */
export const PIPELINE_STAGES = [
  'error-boundary',
  'dedupe',
  'turn-lock',
  'conversation-reference',
  'transcript',
] as const;

/**
 * The turn pipeline's middleware, in order: error boundary → dedupe → per-conversation turn lock
 * → conversation reference saved → transcript → `inner` (handoff gate, NLU) → the bot.
 */
export function createPipeline(options: PipelineOptions): Middleware[] {
  return [
    ...(options.outer ?? []),
    new ErrorBoundaryMiddleware({ logger: options.logger, apology: options.apology }),
    new DedupeMiddleware({
      store: options.state.dedupe,
      logger: options.logger,
      // A turn holds its lock at most ttl without renewal: a claim older than two ttls is a dead turn's.
      processingLeaseMs: 2 * options.turnLock.ttlMs,
    }),
    new TurnLockMiddleware({ locks: options.state.locks, ...options.turnLock }),
    new ConversationReferenceMiddleware(options.references),
    new TranscriptMiddleware({ store: options.transcripts, logger: options.logger }),
    ...(options.inner ?? []),
  ];
}

/** Installs the pipeline on an adapter. Every channel adapter of a deployment gets the same one. */
export function installPipeline(adapter: BotAdapter, options: PipelineOptions): void {
  adapter.use(...createPipeline(options));
}
