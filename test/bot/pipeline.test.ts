import type { TurnContext } from 'botbuilder-core';
import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { ConversationReferenceStore } from '../../src/bot/conversation-reference-store';
import { DEFAULT_APOLOGY } from '../../src/bot/middleware/error-boundary';
import { createPipeline, installPipeline, PIPELINE_STAGES } from '../../src/bot/pipeline';
import { createSilentLogger } from '../../src/logging/logger';
import { MemoryDedupeStore } from '../../src/state/memory-dedupe';
import { MemoryLockService } from '../../src/state/memory-lock';
import { MemoryStorage } from '../../src/state/memory-storage';
import type { LockService } from '../../src/state/ports';
import { customerMessage, RecordingAdapter } from '../support/recording-adapter';

function setUp(locks: LockService = new MemoryLockService()) {
  const storage = new MemoryStorage();
  const transcripts = new MemoryTranscriptStore();
  const options = {
    logger: createSilentLogger(),
    state: { dedupe: new MemoryDedupeStore(), locks },
    references: new ConversationReferenceStore(storage),
    transcripts,
    turnLock: { waitMs: 1000, ttlMs: 5000 },
  };
  const adapter = new RecordingAdapter();
  installPipeline(adapter, options);
  return { adapter, options, transcripts };
}

describe('the turn pipeline', () => {
  it('has the documented stages in the documented order', () => {
    const { options } = setUp();
    const names = createPipeline(options).map((m) => m.constructor.name);
    expect(names).toEqual([
      'ErrorBoundaryMiddleware',
      'DedupeMiddleware',
      'TurnLockMiddleware',
      'ConversationReferenceMiddleware',
      'TranscriptMiddleware',
    ]);
    expect(PIPELINE_STAGES).toHaveLength(names.length);
  });

  it('drops a duplicate before it waits for the turn lock', async () => {
    const inner = new MemoryLockService();
    let acquired = 0;
    const counting: LockService = {
      acquire: (resource, opts) => {
        acquired++;
        return inner.acquire(resource, opts);
      },
      close: () => inner.close(),
    };
    const { adapter } = setUp(counting);
    await adapter.processActivity(customerMessage('hi', { id: 'dup' }), async () => {});
    await adapter.processActivity(customerMessage('hi', { id: 'dup' }), async () => {});
    expect(acquired).toBe(1);
  });

  it('catches a failure inside the lock, apologizes, and releases the lock for the next turn', async () => {
    const { adapter, transcripts } = setUp();
    await adapter.processActivity(customerMessage('hi', { id: 'a' }), async () => {
      throw new Error('boom');
    });
    let ran = false;
    await adapter.processActivity(customerMessage('again', { id: 'b' }), async (context: TurnContext) => {
      ran = true;
      await context.sendActivity('ok');
    });
    expect(ran).toBe(true);
    expect(adapter.textsTo('conv-1')).toEqual([DEFAULT_APOLOGY, 'ok']);
    const roles = (await transcripts.list('conv-1')).map((l) => `${l.role}:${l.text}`);
    expect(roles).toEqual(['customer:hi', `bot:${DEFAULT_APOLOGY}`, 'customer:again', 'bot:ok']);
  });
});
