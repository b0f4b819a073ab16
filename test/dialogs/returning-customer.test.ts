/**
 * Issue #9, customer profile used by the dialogs: the greeting of a customer this channel does not
 * know, from their history on other channels (`DialogServices.profileOf`).
 */
import { type Activity, MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder-core';
import { createAcmeActions } from '../../dialogs/acme-bot';
import type { CustomerHistory, CustomerProfile, DialogServices } from '../../dialogs/dialog-services';
import { NoAgentsEscalator } from '../../dialogs/escalation';
import { returningCustomerGreeting } from '../../dialogs/returning-customer';
import { stubIntentReader } from '../support/intent-stub';

const NOW = new Date('2026-11-29T10:00:00Z');
const MARIA_PHONE = '+12025550101';

function services(profileOf?: DialogServices['profileOf']): DialogServices {
  const userState = new UserState(new MemoryStorage());
  return {
    readIntent: stubIntentReader(),
    profile: userState.createProperty<CustomerProfile>('profile'),
    lowConfidence: userState.createProperty<number>('misses'),
    actions: createAcmeActions(),
    escalator: new NoAgentsEscalator(),
    profileOf,
    now: () => NOW,
  };
}

function turn(channelId: string, from: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text: 'hello',
    channelId,
    from: { id: from, name: 'customer' },
    conversation: { id: 'current', name: '', isGroup: false, conversationType: 'personal' },
    recipient: { id: 'bot', name: 'bot' },
  };
  return new TurnContext(new TestAdapter(), activity);
}

const history = (lastAt: string, channelId = 'webchat'): CustomerHistory => ({
  name: 'Maria',
  conversations: [
    { conversationId: 'current', channelId: 'sms', lastAt: NOW.toISOString() },
    { conversationId: 'earlier', channelId, lastAt },
  ],
});

describe('returning customer greeting', () => {
  test('names the channel and the day of the most recent other conversation', async () => {
    const seen: string[] = [];
    const greeting = await returningCustomerGreeting(
      turn('sms', MARIA_PHONE),
      services(async (id) => {
        seen.push(id);
        return history('2026-11-28T18:00:00Z');
      }),
    );
    expect(seen).toEqual(['cust-1001']);
    expect(greeting).toBe(
      'Welcome back, Maria. I see you contacted us on web chat yesterday. How can I help today?',
    );
    const older = await returningCustomerGreeting(
      turn('voice', MARIA_PHONE),
      services(async () => history('2026-11-20T09:00:00Z', 'slack')),
    );
    expect(older).toBe(
      'Welcome back, Maria. I see you contacted us on Slack on November 20. How can I help today?',
    );
  });

  test('no earlier contact or an unreadable history: a plain hello by name', async () => {
    const none = await returningCustomerGreeting(
      turn('sms', MARIA_PHONE),
      services(async () => undefined),
    );
    expect(none).toBe('Hello Maria! How can I help you today?');
    const down = await returningCustomerGreeting(
      turn('sms', MARIA_PHONE),
      services(() => Promise.reject(new Error('database down'))),
    );
    expect(down).toBe('Hello Maria! How can I help you today?');
  });

  test('without profileOf, on web chat, or for an unknown number: nothing (the usual greeting)', async () => {
    const lookup = async () => history('2026-11-28T18:00:00Z');
    expect(await returningCustomerGreeting(turn('sms', MARIA_PHONE), services())).toBeUndefined();
    expect(await returningCustomerGreeting(turn('webchat', 'u-1'), services(lookup))).toBeUndefined();
    expect(await returningCustomerGreeting(turn('sms', '+12025559999'), services(lookup))).toBeUndefined();
  });
});
