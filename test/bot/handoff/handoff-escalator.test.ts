/**
 * The escalator fills the priority inputs the issue names (channel, customer tier, sentiment) on a
 * real handoff service: a gold customer and an upset one are served before a calm standard one.
 */
import { TestAdapter, TurnContext } from 'botbuilder-core';
import { HandoffEscalator } from '../../../src/bot/handoff/handoff-escalator';
import { setTurnSentiment } from '../../../src/bot/handoff/turn-sentiment';
import { NLU_RESULT_KEY } from '../../../src/bot/nlu/nlu-middleware';
import type { CustomerTier } from '../../../src/handoff/handoff-record';
import { computePriority } from '../../../src/handoff/priority';
import type { NluResult } from '../../../src/nlu/types';
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

describe('HandoffEscalator skill of an intent', () => {
  let h: HandoffFixture;
  beforeEach(async () => {
    h = await startHandoff();
  });
  afterEach(() => h.close());

  function understood(intent: string, outOfScope = false): TurnContext {
    const context = turn();
    const result: NluResult = {
      text: 'help',
      intent,
      score: 0.9,
      topIntents: [],
      outOfScope,
      entities: [],
      modelId: 'test',
    };
    context.turnState.set(NLU_RESULT_KEY, result);
    return context;
  }

  test("a skill-less escalation goes to the queue of the NLU intent; the dialog's skill wins", async () => {
    const escalator = new HandoffEscalator({
      handoff: h.service,
      intentSkills: { report_lost_card: 'cards', dispute_charge: 'billing' },
    });
    const lostCard = understood('report_lost_card');
    const formSaysGeneral = understood('dispute_charge');
    const outOfScope = understood('report_lost_card', true);
    const unmapped = understood('opening_hours');
    await escalator.escalate(lostCard, { reason: 'negative-sentiment' });
    await escalator.escalate(formSaysGeneral, { reason: 'form-failed', skill: 'general' });
    await escalator.escalate(outOfScope, { reason: 'negative-sentiment' });
    await escalator.escalate(unmapped, { reason: 'negative-sentiment' });
    const skillOf = async (context: TurnContext) =>
      (await h.service.active('webchat', context.activity.conversation.id))?.skill;
    expect(await skillOf(lostCard)).toBe('cards');
    expect(await skillOf(formSaysGeneral)).toBe('general');
    expect(await skillOf(outOfScope)).toBe('general');
    expect(await skillOf(unmapped)).toBe('general');
  });
});
