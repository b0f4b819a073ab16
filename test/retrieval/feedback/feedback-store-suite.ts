/**
 * The conformance suite of the FAQ feedback port: every FeedbackStore implementation runs it.
 */
import type { FeedbackStore } from '../../../src/retrieval/feedback/feedback-store';

/** How the suite gets a fresh store whose clock it controls. */
export interface FeedbackStoreSuiteOptions {
  create(now: () => Date): Promise<FeedbackStore> | FeedbackStore;
}

/** Registers the shared FeedbackStore tests. */
export function runFeedbackStoreSuite({ create }: FeedbackStoreSuiteOptions): void {
  let store: FeedbackStore;
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2025-03-03T10:00:00Z');
    store = await create(() => {
      clock += 60_000;
      return new Date(clock);
    });
  });

  afterEach(async () => {
    await store.close();
  });

  it('stores unanswered questions PII-redacted: a card number becomes [CARD_NUMBER]', async () => {
    await store.recordUnanswered({
      text: 'why was card 4111 1111 1111 1111 declined?',
      channel: 'sms',
      conversationId: '+12025550101',
    });
    const [row] = await store.listUnanswered();
    expect(row?.text).toBe('why was card [CARD_NUMBER] declined?');
    expect(JSON.stringify(await store.listUnanswered())).not.toContain('4111');
  });

  it('groups the same question (case, punctuation) with counts, channels and first/last seen', async () => {
    await store.recordUnanswered({ text: 'Do you buy gold?', channel: 'sms', conversationId: 'c1' });
    await store.recordUnanswered({
      text: 'can I open a safe deposit box',
      channel: 'webchat',
      conversationId: 'c2',
    });
    await store.recordUnanswered({ text: 'do you buy GOLD', channel: 'webchat', conversationId: 'c3' });
    await store.recordUnanswered({ text: 'do you buy gold!!', channel: 'sms', conversationId: 'c4' });
    const rows = await store.listUnanswered();
    expect(rows).toEqual([
      {
        text: 'do you buy gold!!',
        count: 3,
        firstSeenAt: '2025-03-03T10:01:00.000Z',
        lastSeenAt: '2025-03-03T10:04:00.000Z',
        channels: ['sms', 'webchat'],
      },
      {
        text: 'can I open a safe deposit box',
        count: 1,
        firstSeenAt: '2025-03-03T10:02:00.000Z',
        lastSeenAt: '2025-03-03T10:02:00.000Z',
        channels: ['webchat'],
      },
    ]);
  });

  it('honours the limit and ignores empty questions', async () => {
    for (const text of ['a question', 'another question', 'a third one', '   ', '!!!']) {
      await store.recordUnanswered({ text, channel: 'webchat', conversationId: 'c' });
    }
    expect(await store.listUnanswered({ limit: 2 })).toHaveLength(2);
    expect(await store.listUnanswered()).toHaveLength(3);
  });

  it('counts "did that help?" answers per entry, least helpful first', async () => {
    await store.recordHelpful({
      entryId: 'routing-number',
      helpful: true,
      channel: 'sms',
      conversationId: 'c1',
    });
    await store.recordHelpful({
      entryId: 'overdraft-fee',
      helpful: false,
      channel: 'webchat',
      conversationId: 'c2',
    });
    await store.recordHelpful({
      entryId: 'overdraft-fee',
      helpful: false,
      channel: 'webchat',
      conversationId: 'c3',
    });
    await store.recordHelpful({
      entryId: 'overdraft-fee',
      helpful: true,
      channel: 'voice',
      conversationId: 'c4',
    });
    expect(await store.listHelpfulness()).toEqual([
      { entryId: 'overdraft-fee', helpful: 1, notHelpful: 2 },
      { entryId: 'routing-number', helpful: 1, notHelpful: 0 },
    ]);
  });

  it('closes idempotently', async () => {
    await store.close();
    await store.close();
  });
}
