import { Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder-core';
import { MemoryTranscriptStore } from '../../../src/analytics/transcript-store';
import { ConversationReferenceStore } from '../../../src/bot/conversation-reference-store';
import { ConversationReferenceMiddleware } from '../../../src/bot/middleware/conversation-reference';
import { DedupeMiddleware } from '../../../src/bot/middleware/dedupe';
import {
  codedCause,
  DEFAULT_APOLOGY,
  ErrorBoundaryMiddleware,
} from '../../../src/bot/middleware/error-boundary';
import { TranscriptMiddleware } from '../../../src/bot/middleware/transcript';
import { TurnLockMiddleware } from '../../../src/bot/middleware/turn-lock';
import { TURN_ERROR_KEY, TURN_LOCK_KEY } from '../../../src/bot/turn-keys';
import { LockTimeoutError } from '../../../src/errors';
import { createLogger, createSilentLogger } from '../../../src/logging/logger';
import { MemoryDedupeStore } from '../../../src/state/memory-dedupe';
import { MemoryLockService } from '../../../src/state/memory-lock';
import { MemoryStorage } from '../../../src/state/memory-storage';
import type { LockHandle } from '../../../src/state/ports';
import { customerMessage, RecordingAdapter } from '../../support/recording-adapter';

const logger = createSilentLogger();

describe('ErrorBoundaryMiddleware', () => {
  it('apologizes, keeps the coded error in turn state and logs the code without the text', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const adapter = new RecordingAdapter().use(
      new ErrorBoundaryMiddleware({ logger: createLogger({ destination: sink }) }),
    );
    await adapter.processActivity(customerMessage('my card 4111 1111 1111 1111'), async () => {
      throw new LockTimeoutError('x', 1);
    });
    expect(adapter.textsTo('conv-1')).toEqual([DEFAULT_APOLOGY]);
    const log = lines.join('');
    expect(log).toContain('SWB_ERR_LOCK_TIMEOUT');
    expect(log).toContain('conv-1');
    expect(log).not.toContain('4111');
  });

  it('wraps an uncoded error as SWB_ERR_TURN_FAILED and leaves it in turn state', async () => {
    let recorded: unknown;
    const outer = {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        await next();
        recorded = context.turnState.get(TURN_ERROR_KEY);
      },
    };
    const adapter = new RecordingAdapter().use(outer).use(new ErrorBoundaryMiddleware({ logger }));
    await adapter.processActivity(customerMessage('hi'), async () => {
      throw new TypeError('boom');
    });
    expect(recorded).toMatchObject({ code: 'SWB_ERR_TURN_FAILED' });
    expect(adapter.textsTo('conv-1')).toEqual([DEFAULT_APOLOGY]);
  });
});

describe('codedCause', () => {
  it('finds the code inside botbuilder-dialogs wrappers and causes (regression: boundary logged TURN_FAILED)', () => {
    const real = new LockTimeoutError('x', 1);
    expect(codedCause({ error: { cause: real } })).toBe(real);
    expect(codedCause(new Error('plain'))).toBeUndefined();
  });
});

describe('DedupeMiddleware', () => {
  it('runs a platform message id once, and again after the first attempt failed', async () => {
    const store = new MemoryDedupeStore();
    const adapter = new RecordingAdapter()
      .use(new ErrorBoundaryMiddleware({ logger }))
      .use(new DedupeMiddleware({ store, logger }));
    let runs = 0;
    let fail = true;
    const logic = async () => {
      runs++;
      if (fail) throw new Error('transient');
    };
    await adapter.processActivity(customerMessage('hi', { id: 'm1' }), logic);
    fail = false;
    await adapter.processActivity(customerMessage('hi', { id: 'm1' }), logic);
    await adapter.processActivity(customerMessage('hi', { id: 'm1' }), logic);
    expect(runs).toBe(2);
    await store.close();
  });

  it('lets activities without an id through (proactive turns)', async () => {
    const store = new MemoryDedupeStore();
    const adapter = new RecordingAdapter().use(new DedupeMiddleware({ store, logger }));
    let runs = 0;
    await adapter.processActivity(customerMessage('hi'), async () => void runs++);
    await adapter.processActivity(customerMessage('hi'), async () => void runs++);
    expect(runs).toBe(2);
    await store.close();
  });
});

describe('TurnLockMiddleware', () => {
  it('never interleaves two turns of one conversation, and lets other conversations run', async () => {
    const locks = new MemoryLockService();
    const adapter = new RecordingAdapter().use(new TurnLockMiddleware({ locks, waitMs: 2000, ttlMs: 5000 }));
    const events: string[] = [];
    const slowTurn = (name: string) => async (context: TurnContext) => {
      expect((context.turnState.get(TURN_LOCK_KEY) as LockHandle).isHeld()).toBe(true);
      events.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 30));
      events.push(`${name}:end`);
    };
    await Promise.all([
      adapter.processActivity(customerMessage('1'), slowTurn('a1')),
      adapter.processActivity(customerMessage('2'), slowTurn('a2')),
      adapter.processActivity(customerMessage('3', { conversationId: 'other' }), slowTurn('b')),
    ]);
    const a = events.filter((e) => e.startsWith('a'));
    expect(a).toEqual(['a1:start', 'a1:end', 'a2:start', 'a2:end']);
    expect(events.indexOf('b:start')).toBeLessThan(events.indexOf('a1:end'));
    await locks.close();
  });
});

describe('ConversationReferenceMiddleware', () => {
  it('stores the reference before the bot runs, so a proactive message can reach the customer', async () => {
    const storage = new MemoryStorage();
    const references = new ConversationReferenceStore(storage);
    const adapter = new RecordingAdapter().use(new ConversationReferenceMiddleware(references));
    await adapter.processActivity(customerMessage('hi', { conversationId: 'c42' }), async () => {
      expect(await references.get('test', 'c42')).toMatchObject({ conversation: { id: 'c42' } });
    });
    const reference = await references.get('test', 'c42');
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('an agent will be with you shortly');
    });
    expect(adapter.textsTo('c42')).toEqual(['an agent will be with you shortly']);
    await expect(references.get('test', 'missing')).rejects.toMatchObject({
      code: 'SWB_ERR_UNKNOWN_CONVERSATION',
    });
  });
});

describe('TranscriptMiddleware', () => {
  it('records customer and bot lines, redacted', async () => {
    const store = new MemoryTranscriptStore();
    const adapter = new RecordingAdapter().use(new TranscriptMiddleware({ store, logger }));
    await adapter.processActivity(customerMessage('my email is jane@example.com'), async (context) => {
      await context.sendActivity('Thanks, I will write to jane@example.com');
    });
    const lines = await store.list('conv-1');
    expect(lines.map((l) => [l.role, l.text])).toEqual([
      ['customer', 'my email is [EMAIL]'],
      ['bot', 'Thanks, I will write to [EMAIL]'],
    ]);
    expect(lines[0]?.userId).toBe('user-1');
  });
});
