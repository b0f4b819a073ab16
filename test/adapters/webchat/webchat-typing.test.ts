import { setTimeout as sleep } from 'node:timers/promises';
import { WebChatAdapter, webChatChannel } from '../../../adapters/webchat/webchat-adapter';
import { createStateServices } from '../../../src/state/state-services';

/** The frames the bus carried for one conversation, in order of arrival. */
async function framesOf(state: ReturnType<typeof createStateServices>, conversationId: string) {
  const frames: { type: string }[] = [];
  await state.bus.subscribe(webChatChannel(conversationId), (m) => frames.push(JSON.parse(m)));
  return frames;
}

describe('web chat typing indicator', () => {
  const state = createStateServices({});
  const adapter = new WebChatAdapter({
    replies: state.replies,
    bus: state.bus,
    publicBaseUrl: 'http://localhost',
    typing: { delayMs: 40, repeatMs: 100 },
  });
  const session = (conversationId: string) => ({
    userId: 'u1',
    conversationId,
    expiresAt: Date.now() + 60_000,
  });
  afterAll(() => state.close());

  it('shows typing when the turn runs past the delay, repeats it, and stops with the turn', async () => {
    const frames = await framesOf(state, 'slow');
    await adapter.receive(
      session('slow'),
      { type: 'message', clientMessageId: 'm1', text: 'hi' },
      async (ctx) => {
        await sleep(260);
        await ctx.sendActivity('done');
      },
    );
    const types = frames.map((f) => f.type);
    expect(types.filter((t) => t === 'typing').length).toBeGreaterThanOrEqual(2);
    expect(types.indexOf('typing')).toBeLessThan(types.lastIndexOf('message'));
    const count = types.length;
    await sleep(250);
    expect(frames).toHaveLength(count);
  });

  it('sends no typing for a turn that answers before the delay', async () => {
    const frames = await framesOf(state, 'fast');
    await adapter.receive(
      session('fast'),
      { type: 'message', clientMessageId: 'm1', text: 'hi' },
      async (ctx) => {
        await ctx.sendActivity('quick');
      },
    );
    await sleep(120);
    expect(frames.map((f) => f.type)).not.toContain('typing');
    expect(frames.some((f) => f.type === 'message')).toBe(true);
  });
});
