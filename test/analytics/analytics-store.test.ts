/**
 * The analytics store's conformance suite, on SQLite and on the real PostgreSQL: batches, the
 * metrics per day × intent × channel, escalation reasons, the customer profile across linked
 * identities, export and erasure by identity, retention, and the cipher on profile fields.
 */
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import { SqlAnalyticsStore } from '../../src/analytics/sql-analytics-store';
import type { TextCipher } from '../../src/privacy/customer-data';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { describeOnEverySqlEngine, type SqlTestDatabase } from '../support/sql';

const base = { channelId: 'webchat' } as const;

function at(day: string, time = '10:00:00'): string {
  return `${day}T${time}.000Z`;
}

/** Two days of traffic with known figures (see the expectations below). */
function seed(): AnalyticsEvent[] {
  const d1 = '2026-11-02';
  const d2 = '2026-11-03';
  const msg = (conversationId: string, day: string, intent: string, extra: Partial<AnalyticsEvent> = {}) =>
    ({
      ...base,
      type: 'message_in',
      at: at(day),
      conversationId,
      userId: `u-${conversationId}`,
      intent,
      confidence: 0.9,
      outOfScope: intent === 'None',
      ...extra,
    }) as AnalyticsEvent;
  return [
    // Day 1: c1 lost card (form completed), c2 FAQ helped, c3 out of scope then escalated.
    msg('c1', d1, 'report_lost_card'),
    {
      ...base,
      type: 'form_started',
      at: at(d1),
      conversationId: 'c1',
      intent: 'report_lost_card',
      form: 'lost-card',
    },
    {
      ...base,
      type: 'form_completed',
      at: at(d1),
      conversationId: 'c1',
      intent: 'report_lost_card',
      form: 'lost-card',
    },
    msg('c2', d1, 'None', { sentimentScore: -0.6, sentimentLabel: 'negative' }),
    { ...base, type: 'faq_answered', at: at(d1), conversationId: 'c2', intent: 'None' },
    { ...base, type: 'faq_feedback', at: at(d1), conversationId: 'c2', intent: 'None', helpful: true },
    msg('c3', d1, 'None', { sentimentScore: 0.2, sentimentLabel: 'neutral' }),
    { ...base, type: 'faq_unanswered', at: at(d1), conversationId: 'c3', intent: 'None' },
    {
      ...base,
      type: 'escalated',
      at: at(d1),
      conversationId: 'c3',
      intent: 'None',
      reason: 'low-confidence',
      skill: 'general',
    },
    { ...base, type: 'picked', at: at(d1), conversationId: 'c3', durationMs: 30_000 },
    { ...base, type: 'resolved', at: at(d1), conversationId: 'c3', durationMs: 120_000 },
    { ...base, type: 'csat', at: at(d1), conversationId: 'c3', csat: 4 },
    // Day 2 on SMS: c4 asks for a person; c5 abandons a form.
    msg('c4', d2, 'talk_to_agent', { channelId: 'sms' }),
    {
      type: 'escalated',
      at: at(d2),
      channelId: 'sms',
      conversationId: 'c4',
      intent: 'talk_to_agent',
      reason: 'customer-asked',
      skill: 'general',
    },
    { type: 'picked', at: at(d2), channelId: 'sms', conversationId: 'c4', durationMs: 90_000 },
    { type: 'csat', at: at(d2), channelId: 'sms', conversationId: 'c4', csat: 2 },
    msg('c5', d2, 'report_lost_card', { channelId: 'sms' }),
    {
      type: 'form_started',
      at: at(d2),
      channelId: 'sms',
      conversationId: 'c5',
      form: 'lost-card',
      intent: 'report_lost_card',
    },
    {
      type: 'form_abandoned',
      at: at(d2),
      channelId: 'sms',
      conversationId: 'c5',
      form: 'lost-card',
      intent: 'report_lost_card',
    },
    { type: 'message_out', at: at(d2), channelId: 'sms', conversationId: 'c5' },
  ];
}

/** A reversible stand-in for the real cipher (the privacy helper's), enough to see it applied. */
const reversingCipher: TextCipher = {
  encrypt: (plain) => `enc:${[...plain].reverse().join('')}`,
  decrypt: (stored) => [...stored.slice(4)].reverse().join(''),
};

describeOnEverySqlEngine('SqlAnalyticsStore', (engine) => {
  let database: SqlTestDatabase;
  let db: SqlDatabase;
  let store: SqlAnalyticsStore;

  beforeEach(async () => {
    database = engine();
    db = database.open();
    store = new SqlAnalyticsStore({ db, cipher: reversingCipher });
    await store.insert(seed());
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  test('totals over the range: containment, escalation, out-of-scope, FAQ, forms, times and CSAT', async () => {
    const [total] = await store.metrics({ from: '2026-11-01', to: '2026-11-04', groupBy: [] });
    expect(total).toMatchObject({
      conversations: 5,
      escalatedConversations: 2,
      containmentRate: 3 / 5,
      escalationRate: 2 / 5,
      messagesIn: 5,
      outOfScope: 2,
      outOfScopeRate: 2 / 5,
      faqAnswered: 1,
      faqUnanswered: 1,
      faqAnswerRate: 0.5,
      helpedYes: 1,
      helpedRate: 1,
      formsStarted: 2,
      formsCompleted: 1,
      formsAbandoned: 1,
      formCompletionRate: 0.5,
      picked: 2,
      avgWaitMs: 60_000,
      resolved: 1,
      avgHandleMs: 120_000,
      csatCount: 2,
      csatAverage: 3,
      sentimentScored: 2,
      negativeShare: 0.5,
    });
  });

  test('per day × intent × channel rows, ordered, with rates null where nothing was counted', async () => {
    const rows = await store.metrics({
      from: '2026-11-01',
      to: '2026-11-04',
      groupBy: ['day', 'intent', 'channel'],
    });
    const keys = rows.map((r) => `${r.day}/${r.intent ?? '-'}/${r.channelId}`);
    expect(keys).toEqual([
      '2026-11-02/-/webchat',
      '2026-11-02/None/webchat',
      '2026-11-02/report_lost_card/webchat',
      '2026-11-03/-/sms',
      '2026-11-03/report_lost_card/sms',
      '2026-11-03/talk_to_agent/sms',
    ]);
    const oos = rows.find((r) => r.day === '2026-11-02' && r.intent === 'None');
    expect(oos).toMatchObject({
      conversations: 2,
      escalatedConversations: 1,
      containmentRate: 0.5,
      outOfScopeRate: 1,
    });
    const lostCardSms = rows.find((r) => r.day === '2026-11-03' && r.intent === 'report_lost_card');
    expect(lostCardSms).toMatchObject({
      formsStarted: 1,
      formsAbandoned: 1,
      formCompletionRate: 0,
      csatAverage: null,
    });
  });

  test('filters by channel and intent, and the range excludes its end day', async () => {
    const sms = await store.metrics({
      from: '2026-11-01',
      to: '2026-11-04',
      channelId: 'sms',
      groupBy: ['day'],
    });
    expect(sms.map((r) => [r.day, r.conversations])).toEqual([['2026-11-03', 2]]);
    const day1 = await store.metrics({ from: '2026-11-02', to: '2026-11-03', groupBy: ['channel'] });
    expect(day1.map((r) => [r.channelId, r.conversations])).toEqual([['webchat', 3]]);
    const lost = await store.metrics({
      from: '2026-11-01',
      to: '2026-11-04',
      intent: 'report_lost_card',
      groupBy: [],
    });
    expect(lost[0]).toMatchObject({ conversations: 2, formsStarted: 2 });
  });

  test('escalation reasons, most frequent first', async () => {
    await store.insert([
      { ...base, type: 'escalated', at: at('2026-11-03'), conversationId: 'c9', reason: 'customer-asked' },
    ]);
    expect(await store.escalationReasons({ from: '2026-11-01', to: '2026-11-04' })).toEqual([
      { reason: 'customer-asked', count: 2 },
      { reason: 'low-confidence', count: 1 },
    ]);
  });

  test('a customer profile links identities across channels; the name is stored encrypted', async () => {
    await store.insert([
      {
        ...base,
        type: 'identified',
        at: at('2026-11-02', '10:05:00'),
        conversationId: 'c1',
        userId: 'u-c1',
        customerId: 'cust-1',
        customerName: 'Dana',
      },
      {
        type: 'identified',
        at: at('2026-11-03', '10:05:00'),
        channelId: 'sms',
        conversationId: 'c4',
        userId: 'u-c4',
        customerId: 'cust-1',
        customerName: 'Dana',
      },
    ]);
    const profile = await store.customer('cust-1');
    expect(profile?.name).toBe('Dana');
    expect(profile?.identities).toEqual([
      { channelId: 'webchat', userId: 'u-c1' },
      { channelId: 'sms', userId: 'u-c4' },
    ]);
    expect(profile?.conversations.map((c) => [c.conversationId, c.channelId, c.escalated, c.csat])).toEqual([
      ['c4', 'sms', true, 2],
      ['c1', 'webchat', false, null],
    ]);
    expect(profile?.conversations[1]?.intents).toEqual(['report_lost_card']);
    const raw = await db.query("SELECT customer_name FROM analytics_events WHERE type = 'identified'");
    expect(raw.map((r) => r['customer_name'])).toEqual(['enc:anaD', 'enc:anaD']);
    expect(await store.customer('nobody')).toBeUndefined();
  });

  test('exports and erases a customer by identity and by conversation, nothing else', async () => {
    const customer = { identities: [{ channelId: 'webchat', userId: 'u-c1' }], conversationIds: ['c4'] };
    expect((await store.conversationsOf(customer)).sort()).toEqual(['c1', 'c4']);
    const exported = await store.export(customer);
    expect(exported.source).toBe('analytics-events');
    // c1's form events carry no user id: they go with the conversation its identity had.
    expect(exported.records.length).toBe(7);
    expect(await store.erase(customer)).toBe(7);
    expect(await store.conversationsOf(customer)).toEqual([]);
    const left = await db.query(
      'SELECT DISTINCT conversation_id FROM analytics_events ORDER BY conversation_id',
    );
    expect(left.map((r) => r['conversation_id'])).toEqual(['c2', 'c3', 'c5']);
    const keys = await db.query(
      "SELECT 1 FROM analytics_conversation_keys WHERE conversation_id IN ('c1', 'c4')",
    );
    expect(keys).toEqual([]);
    // The daily rollups are anonymous counts: past figures stay.
    const [total] = await store.metrics({ from: '2026-11-01', to: '2026-11-04', groupBy: [] });
    expect(total?.conversations).toBe(5);
    expect(await store.erase({ identities: [] })).toBe(0);
  });

  test('retention deletes events before the cutoff only; the daily figures stay', async () => {
    expect(await store.deleteOlderThan(new Date('2026-11-03T00:00:00Z'))).toBe(12);
    const days = await db.query('SELECT DISTINCT day FROM analytics_events');
    expect(days.map((r) => r['day'])).toEqual(['2026-11-03']);
    const rows = await store.metrics({ from: '2026-11-01', to: '2026-11-04', groupBy: ['day'] });
    expect(rows.map((r) => [r.day, r.conversations])).toEqual([
      ['2026-11-02', 3],
      ['2026-11-03', 2],
    ]);
  });

  test('a conversation counts once per day however many messages and batches it has', async () => {
    const again: AnalyticsEvent = {
      ...base,
      type: 'message_in',
      at: at('2026-11-02', '11:00:00'),
      conversationId: 'c1',
      intent: 'report_lost_card',
    };
    await store.insert([again, { ...again, at: at('2026-11-02', '11:01:00') }]);
    await store.insert([
      { ...base, type: 'escalated', at: at('2026-11-02', '11:02:00'), conversationId: 'c3', intent: 'None' },
    ]);
    const [total] = await store.metrics({ from: '2026-11-02', to: '2026-11-03', groupBy: [] });
    expect(total).toMatchObject({
      conversations: 3,
      messagesIn: 5,
      escalatedConversations: 1,
      escalations: 2,
    });
  });

  test('a batch is one transaction: a failing row leaves none of the batch', async () => {
    const bad = {
      ...base,
      type: 'csat',
      at: at('2026-11-05'),
      conversationId: null,
    } as unknown as AnalyticsEvent;
    const good: AnalyticsEvent = {
      ...base,
      type: 'csat',
      at: at('2026-11-05'),
      conversationId: 'c8',
      csat: 5,
    };
    const failure = await store.insert([good, bad]).then(
      () => 'resolved',
      (error: unknown) => (error as { message?: string }).message ?? String(error),
    );
    expect(failure).toMatch(/NOT NULL|null value/i);
    const [total] = await store.metrics({ from: '2026-11-05', to: '2026-11-06', groupBy: [] });
    expect(total?.csatCount).toBe(0);
  });
});
