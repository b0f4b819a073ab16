/**
 * Analytics end to end through the demo server: web chat turns, a form, an out-of-scope message,
 * an escalation picked and resolved in the agent console, the CSAT answer — every event lands in
 * the SQL store with the right conversation, intent and times, and the transcript is stored
 * redacted. A database that is down never stops the bot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SentimentScorer } from '../../src/analytics/alerts/alert';
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { SqliteDatabase } from '../../src/sql/sqlite-database';
import { loginAgent } from '../handoff/support/handoff-server';
import { type AnalyticsTestServer, HttpCustomer, startAnalyticsServer } from './support/analytics-server';
import { waitUntil } from './support/wait';

function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function eventsOf(db: SqlDatabase, conversationId: string): Promise<Array<Record<string, unknown>>> {
  return db.query('SELECT * FROM analytics_events WHERE conversation_id = ? ORDER BY id', [conversationId]);
}

describe('analytics through the demo server', () => {
  let t: AnalyticsTestServer;

  beforeAll(async () => {
    t = await startAnalyticsServer();
  });

  afterAll(async () => {
    await t?.close();
  });

  test('messages, intents, out-of-scope, a form and a transcript redacted before storage', async () => {
    const customer = await HttpCustomer.start(t.baseUrl);
    await customer.say('hello');
    await customer.say('my card 4111 1111 1111 1111 was swallowed by the moon');
    await customer.say('i lost my card');
    await customer.say('cancel');
    await waitUntil(async () =>
      (await eventsOf(t.db, customer.conversationId)).some((e) => e['type'] === 'form_abandoned'),
    );
    const events = await eventsOf(t.db, customer.conversationId);
    const inbound = events.filter((e) => e['type'] === 'message_in');
    expect(inbound.map((e) => [e['intent'], Number(e['out_of_scope'])])).toEqual([
      ['greeting', 0],
      ['None', 1],
      ['report_lost_card', 0],
      ['cancel', 0],
    ]);
    expect(inbound.every((e) => e['user_id'] === customer.userId && e['channel_id'] === 'webchat')).toBe(
      true,
    );
    const types = events.map((e) => e['type']);
    expect(types).toEqual(expect.arrayContaining(['faq_unanswered', 'form_started', 'form_abandoned']));
    // Messages sent are counted in the daily rollup only.
    const [total] = await t.store.metrics({ from: today(), to: today(1), groupBy: [] });
    expect(total?.messagesOut).toBeGreaterThanOrEqual(4);
    expect(events.find((e) => e['type'] === 'form_started')).toMatchObject({
      form: 'lostCard',
      intent: 'report_lost_card',
    });
    const stored = () =>
      t.db.query('SELECT role, text FROM analytics_transcripts WHERE conversation_id = ? ORDER BY id', [
        customer.conversationId,
      ]);
    await waitUntil(async () => (await stored()).length >= 8);
    const transcript = await stored();
    expect(transcript.map((r) => r['text'])).toContain('my card [CARD_NUMBER] was swallowed by the moon');
    expect(transcript.some((r) => String(r['text']).includes('4111'))).toBe(false);
  });

  test('a completed form, and the customer identified by phone appears in their profile', async () => {
    const customer = await HttpCustomer.start(t.baseUrl);
    await customer.say('i lost my card');
    expect((await customer.say('202-555-0101')).join(' ')).toContain('Which card is lost?');
    await customer.say('Debit card ending 4821');
    expect((await customer.say('yes')).join(' ')).toContain('is blocked');
    await waitUntil(async () =>
      (await eventsOf(t.db, customer.conversationId)).some((e) => e['type'] === 'form_completed'),
    );
    const events = await eventsOf(t.db, customer.conversationId);
    expect(events.find((e) => e['type'] === 'identified')).toMatchObject({
      customer_id: 'cust-1001',
      user_id: customer.userId,
    });
    expect(events.some((e) => e['type'] === 'form_abandoned')).toBe(false);
    const profile = await t.store.customer('cust-1001');
    expect(profile?.identities).toContainEqual({ channelId: 'webchat', userId: customer.userId });
    expect(profile?.conversations.map((c) => c.conversationId)).toContain(customer.conversationId);
  });

  test('an escalation picked and resolved by an agent, then the CSAT answer', async () => {
    const customer = await HttpCustomer.start(t.baseUrl);
    const replies = await customer.say('talk to a person');
    expect(replies.join(' ')).toContain('Connecting you to a person');
    const sam = await loginAgent(t.baseUrl, 'sam');
    const picked = await sam.call<{ handoff: { id: string } | null }>('POST', '/pick');
    const handoffId = picked.body.handoff?.id as string;
    expect(handoffId).toMatch(/^h-/);
    await sam.call('POST', `/handoffs/${handoffId}/resolve`, { disposition: 'solved' });
    await waitUntil(async () => (await customer.history()).some((m) => m.includes('How would you rate')));
    await customer.say('5');
    await waitUntil(async () =>
      (await eventsOf(t.db, customer.conversationId)).some((e) => e['type'] === 'csat'),
    );
    const events = await eventsOf(t.db, customer.conversationId);
    expect(events.find((e) => e['type'] === 'escalated')).toMatchObject({
      reason: 'customer-asked',
      skill: 'general',
      user_id: customer.userId,
    });
    const pickedEvent = events.find((e) => e['type'] === 'picked');
    const resolved = events.find((e) => e['type'] === 'resolved');
    expect(Number(pickedEvent?.['duration_ms'])).toBeGreaterThanOrEqual(0);
    expect(Number(resolved?.['duration_ms'])).toBeGreaterThanOrEqual(0);
    expect(events.find((e) => e['type'] === 'csat')).toMatchObject({ csat: 5 });

    const [total] = await t.store.metrics({ from: today(), to: today(1), groupBy: [] });
    expect(total).toMatchObject({ escalations: 1, picked: 1, resolved: 1, csatCount: 1, csatAverage: 5 });
    expect(total?.conversations).toBeGreaterThanOrEqual(2);
  });
});

describe('analytics with its database down', () => {
  /** Fails every statement while `down` (our own port, wrapped: a test double we own). */
  class FlakyDatabase extends SqliteDatabase {
    down = false;
    override query: SqliteDatabase['query'] = (sql, params) =>
      this.down ? Promise.reject(new Error('database down')) : super.query(sql, params);
    override execute: SqliteDatabase['execute'] = (sql, params) =>
      this.down ? Promise.reject(new Error('database down')) : super.execute(sql, params);
    override transaction: SqliteDatabase['transaction'] = (work) =>
      this.down ? Promise.reject(new Error('database down')) : super.transaction(work);
  }

  test('the bot keeps answering; events and transcript lines are written once it is back', async () => {
    const db = new FlakyDatabase({ path: ':memory:' });
    const t = await startAnalyticsServer(db);
    try {
      const customer = await HttpCustomer.start(t.baseUrl);
      await customer.say('hello');
      await waitUntil(async () => (await eventsOf(db, customer.conversationId)).length > 0);
      db.down = true;
      expect((await customer.say('hello')).length).toBeGreaterThan(0);
      expect((await customer.say('talk to a person')).join(' ')).toContain('Connecting you to a person');
      db.down = false;
      await waitUntil(
        async () =>
          (await eventsOf(db, customer.conversationId)).filter((e) => e['type'] === 'message_in').length ===
          3,
      );
      const escalated = await eventsOf(db, customer.conversationId);
      expect(escalated.some((e) => e['type'] === 'escalated')).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('analytics with a sentiment scorer', () => {
  test('each customer message is stored with its score and label, and handed to the surge detector', async () => {
    // A scripted scorer: the real one (multilang-sentiment) is tested with its own module.
    const scorer: SentimentScorer = (text) =>
      text.includes('angry') ? { score: -0.8, label: 'negative' } : { score: 0.1, label: 'neutral' };
    const seen: AnalyticsEvent[] = [];
    const t = await startAnalyticsServer(undefined, undefined, {
      sentiment: scorer,
      onSentiment: (e) => seen.push(e),
    });
    try {
      const customer = await HttpCustomer.start(t.baseUrl);
      await customer.say('hello');
      await customer.say('I am angry about this');
      await waitUntil(
        async () =>
          (await eventsOf(t.db, customer.conversationId)).filter((e) => e['type'] === 'message_in').length ===
          2,
      );
      const inbound = (await eventsOf(t.db, customer.conversationId)).filter(
        (e) => e['type'] === 'message_in',
      );
      expect(inbound.map((e) => [e['sentiment_label'], Number(e['sentiment_score'])])).toEqual([
        ['neutral', 0.1],
        ['negative', -0.8],
      ]);
      expect(seen.map((e) => [e.sentimentLabel, e.intent])).toEqual([
        ['neutral', 'greeting'],
        ['negative', 'None'],
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('analytics on the default SQLite file', () => {
  test('a separate write thread stores the events and transcript; the main connection reads them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-analytics-'));
    const sqlitePath = join(dir, 'analytics.sqlite');
    const reader = new SqliteDatabase({ path: sqlitePath });
    const t = await startAnalyticsServer(reader, undefined, { sqlitePath });
    try {
      const customer = await HttpCustomer.start(t.baseUrl);
      await customer.say('hello');
      await customer.say('talk to a person');
      await waitUntil(async () => {
        const events = await eventsOf(reader, customer.conversationId).catch(() => []);
        return events.some((e) => e['type'] === 'escalated');
      });
      const events = await eventsOf(reader, customer.conversationId);
      expect(events.filter((e) => e['type'] === 'message_in').map((e) => e['intent'])).toEqual([
        'greeting',
        'talk_to_agent',
      ]);
      const transcript = () =>
        reader.query('SELECT role FROM analytics_transcripts WHERE conversation_id = ?', [
          customer.conversationId,
        ]);
      await waitUntil(async () => (await transcript()).length >= 4);
      expect((await transcript()).map((r) => r['role'])).toContain('customer');
      const [total] = await t.store.metrics({ from: today(), to: today(1), groupBy: [] });
      expect(total).toMatchObject({ conversations: 1, escalations: 1 });
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
