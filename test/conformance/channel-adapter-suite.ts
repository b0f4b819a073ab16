import { type Activity, TurnContext } from 'botbuilder-core';
import type { ChannelAdapter } from '../../adapters/channel-adapter';

/** What a channel's test gives the conformance suite. */
export interface ChannelAdapterHarness {
  adapter: ChannelAdapter;
  /** An inbound customer message in `conversationId`, normalized exactly as the channel does it. */
  inbound(text: string, conversationId: string): Partial<Activity>;
  /** The texts the customer received in `conversationId`, read at the platform boundary, in order. */
  delivered(conversationId: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every channel adapter must have. Each adapter's test file calls this with a
 * harness; a new channel passes it before anything channel-specific is tested.
 */
export function runChannelAdapterSuite(name: string, create: () => Promise<ChannelAdapterHarness>): void {
  describe(`ChannelAdapter conformance: ${name}`, () => {
    let harness: ChannelAdapterHarness;
    let n = 0;
    const conversation = () => `conf-${Date.now().toString(36)}-${++n}`;

    beforeEach(async () => {
      harness = await create();
    });
    afterEach(() => harness.cleanup());

    it('stamps its channel id and keeps the conversation, sender and text', async () => {
      const id = conversation();
      let seen: Partial<Activity> | undefined;
      await harness.adapter.processActivity(harness.inbound('hello there', id), async (context) => {
        seen = context.activity;
      });
      expect(seen?.channelId).toBe(harness.adapter.channelId);
      expect(seen?.conversation?.id).toBe(id);
      expect(seen?.text).toBe('hello there');
      expect(seen?.from?.id).toBeTruthy();
    });

    it('delivers the replies of a turn to the customer, in order', async () => {
      const id = conversation();
      await harness.adapter.processActivity(harness.inbound('hi', id), async (context) => {
        const responses = await context.sendActivities([
          { type: 'message', text: 'first' },
          { type: 'message', text: 'second' },
        ]);
        expect(responses).toHaveLength(2);
        await context.sendActivity('third');
      });
      expect(await harness.delivered(id)).toEqual(['first', 'second', 'third']);
    });

    it('reaches the customer later through a stored conversation reference', async () => {
      const id = conversation();
      let reference: ReturnType<typeof TurnContext.getConversationReference> | undefined;
      await harness.adapter.processActivity(harness.inbound('hi', id), async (context) => {
        reference = TurnContext.getConversationReference(context.activity);
      });
      const stored = JSON.parse(JSON.stringify(reference)) as typeof reference;
      await harness.adapter.continueConversation(stored ?? {}, async (context) => {
        expect(context.activity.type).toBe('event');
        await context.sendActivity('proactive hello');
      });
      expect(await harness.delivered(id)).toEqual(['proactive hello']);
    });

    it('runs middleware in registration order, before the logic', async () => {
      const order: string[] = [];
      harness.adapter.use(async (_context, next) => {
        order.push('first');
        await next();
      });
      harness.adapter.use(async (_context, next) => {
        order.push('second');
        await next();
      });
      await harness.adapter.processActivity(harness.inbound('hi', conversation()), async () => {
        order.push('logic');
      });
      expect(order).toEqual(['first', 'second', 'logic']);
    });

    it('lets a failure of the logic reach the caller (the error boundary decides, not the adapter)', async () => {
      const failing = harness.adapter.processActivity(harness.inbound('hi', conversation()), async () => {
        throw new Error('logic failed');
      });
      await expect(failing).rejects.toThrow('logic failed');
    });
  });
}
