/**
 * The escalator fills the priority inputs the issue names (channel, customer tier, sentiment) on a
 * real handoff service: a gold customer and an upset one are served before a calm standard one.
 */
import { TestAdapter, TurnContext } from 'botbuilder-core';
import { HandoffEscalator } from '../../../src/bot/handoff/handoff-escalator';
import { setTurnSentiment } from '../../../src/bot/handoff/turn-sentiment';
import type { CustomerTier } from '../../../src/handoff/handoff-record';
import { computePriority } from '../../../src/handoff/priority';
import { ALICE, type HandoffFixture, startHandoff } from '../../handoff/support/handoff-fixture';

let count = 0;

function turn(tier?: CustomerTier): TurnContext {
  count += 1;
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'webchat',
    text: 'help',
    conversation: {
      id: `esc-${process.pid}-${count}`,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    from: { id: `u-${count}`, name: 'Dana' },
    recipient: { id: 'bot', name: 'Acme' },
  });
  if (tier) context.turnState.set('test.tier', tier);
  return context;
}

describe('HandoffEscalator priority inputs', () => {
  let h: HandoffFixture;
  beforeEach(async () => {
    h = await startHandoff();
  });
  afterEach(() => h.close());

  test('tier from the hook and sentiment from the turn raise the priority; pick order follows', async () => {
    const escalator = new HandoffEscalator({
      handoff: h.service,
      customerTier: async (context) => context.turnState.get('test.tier') as CustomerTier | undefined,
    });
    const calm = turn();
    const gold = turn('gold');
    const upset = turn();
    const upsetSentiment = { label: 'negative' as const, score: -0.84 };
    setTurnSentiment(upset, upsetSentiment);
    for (const context of [calm, gold, upset]) {
      expect(await escalator.escalate(context, { reason: 'customer-asked' })).toMatchObject({
        status: 'queued',
      });
    }
    const picked = [];
    for (let i = 0; i < 3; i++) picked.push(await h.service.pickNext(ALICE));
    expect(picked.map((p) => p?.conversationId)).toEqual([
      gold.activity.conversation.id,
      upset.activity.conversation.id,
      calm.activity.conversation.id,
    ]);
    expect(picked.map((p) => p?.priority)).toEqual([
      computePriority({ channelId: 'webchat', tier: 'gold' }),
      computePriority({ channelId: 'webchat', sentiment: upsetSentiment }),
      computePriority({ channelId: 'webchat' }),
    ]);
    expect(picked[0]?.customer.tier).toBe('gold');
    expect(picked[1]?.context.sentiment).toEqual(upsetSentiment);
  });
});
