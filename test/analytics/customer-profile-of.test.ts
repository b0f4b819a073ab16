/**
 * Issue #9, customer profile by channel identity (the agent console's Customer panel): an identity
 * resolves to the customer it was last identified as, on SQLite and PostgreSQL; one never
 * identified resolves to nothing.
 */
import type { AnalyticsEvent } from '../../src/analytics/analytics-event';
import { customerProfileOf } from '../../src/analytics/customer-profile';
import { SqlAnalyticsStore } from '../../src/analytics/sql-analytics-store';
import { describeOnEverySqlEngine, type SqlTestDatabase } from '../support/sql';

const WEB = { channelId: 'webchat', userId: 'u-web' };
const SMS = { channelId: 'sms', userId: '+12025550101' };

function events(): AnalyticsEvent[] {
  const at = (time: string) => `2026-11-28T${time}.000Z`;
  return [
    { type: 'message_in', at: at('09:00:00'), ...WEB, conversationId: 'c-web' },
    {
      type: 'identified',
      at: at('09:00:01'),
      ...WEB,
      conversationId: 'c-web',
      customerId: 'cust-1',
      customerName: 'Maria',
    },
    { type: 'message_in', at: at('10:00:00'), ...SMS, conversationId: 'c-sms' },
    { type: 'identified', at: at('10:00:01'), ...SMS, conversationId: 'c-sms', customerId: 'cust-1' },
    {
      type: 'message_in',
      at: at('11:00:00'),
      channelId: 'webchat',
      userId: 'u-anon',
      conversationId: 'c-anon',
    },
  ];
}

describeOnEverySqlEngine('customerProfileOf', (engine) => {
  let database: SqlTestDatabase;
  let store: SqlAnalyticsStore;

  beforeEach(async () => {
    database = engine();
    store = new SqlAnalyticsStore({ db: database.open() });
    await store.insert(events());
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  test('an identified identity gives the whole profile across channels', async () => {
    expect(await store.customerIdOf(SMS)).toBe('cust-1');
    const profile = await customerProfileOf({ store }, WEB);
    expect(profile?.customerId).toBe('cust-1');
    expect(profile?.name).toBe('Maria');
    expect(profile?.identities).toEqual([WEB, SMS]);
    expect(profile?.conversations.map((c) => c.conversationId)).toEqual(['c-sms', 'c-web']);
  });

  test('an identity never identified has no profile (never guessed)', async () => {
    expect(await store.customerIdOf({ channelId: 'webchat', userId: 'u-anon' })).toBeUndefined();
    expect(await customerProfileOf({ store }, { channelId: 'sms', userId: 'u-web' })).toBeUndefined();
  });
});
