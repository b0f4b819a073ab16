/**
 * Caller ID on SMS and voice (issue #5, personalisation). Regression: a withheld number
 * ("anonymous", as Twilio sends it) or any non-E.164 sender was looked up anyway, failed the
 * action's input check, and the customer heard "Sorry, I can't get that information right now".
 */
import { type Activity, MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder-core';
import { createAcmeActions } from '../../dialogs/acme-bot';
import type { CustomerProfile, DialogServices } from '../../dialogs/dialog-services';
import { NoAgentsEscalator } from '../../dialogs/escalation';
import { identifyByCallerId } from '../../dialogs/identify-dialog';
import { stubIntentReader } from '../support/intent-stub';

function services(): DialogServices {
  const userState = new UserState(new MemoryStorage());
  return {
    readIntent: stubIntentReader(),
    profile: userState.createProperty<CustomerProfile>('profile'),
    lowConfidence: userState.createProperty<number>('misses'),
    actions: createAcmeActions(),
    escalator: new NoAgentsEscalator(),
    now: () => new Date('2025-03-05T15:00:00.000Z'),
  };
}

function turn(channelId: string, from: string): { context: TurnContext; sent: Partial<Activity>[] } {
  const sent: Partial<Activity>[] = [];
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    text: 'my card was stolen',
    channelId,
    from: { id: from, name: '' },
    conversation: { id: 'c-1', name: '', isGroup: false, conversationType: 'personal' },
    recipient: { id: 'bot', name: 'bot' },
  });
  context.onSendActivities(async (_ctx, activities) => {
    sent.push(...activities);
    return activities.map(() => ({ id: '' }));
  });
  return { context, sent };
}

describe('identifyByCallerId', () => {
  test('a caller from the number on file is known at once and remembered', async () => {
    const s = services();
    const { context, sent } = turn('voice', '+12025550102');
    expect(await identifyByCallerId(context, s)).toBe('cust-1002');
    expect(await s.profile.get(context)).toMatchObject({ customerId: 'cust-1002', firstName: 'James' });
    expect(sent).toEqual([]);
  });

  test.each([
    ['voice', 'anonymous'],
    ['voice', '+266696687x'],
    ['sms', 'ACMEBANK'],
    ['webchat', '+12025550102'],
  ])('%s from %s: not looked up, nothing said (the bot will ask)', async (channelId, from) => {
    const { context, sent } = turn(channelId, from);
    expect(await identifyByCallerId(context, services())).toBeUndefined();
    expect(sent).toEqual([]);
  });
});
