import { toActivity } from '../../../adapters/webchat/mapping';
import { WebChatAdapter } from '../../../adapters/webchat/webchat-adapter';
import { createStateServices } from '../../../src/state/state-services';
import { runChannelAdapterSuite } from '../../conformance/channel-adapter-suite';

runChannelAdapterSuite('webchat', async () => {
  const state = createStateServices({});
  const adapter = new WebChatAdapter({
    replies: state.replies,
    bus: state.bus,
    publicBaseUrl: 'http://localhost',
  });
  return {
    adapter,
    inbound: (text, conversationId) =>
      toActivity(
        { userId: 'u1', conversationId, expiresAt: Date.now() + 60_000 },
        { type: 'message', clientMessageId: `m${Math.random().toString(36).slice(2)}`, text },
        'http://localhost',
      ),
    delivered: async (conversationId) =>
      (await adapter.history(conversationId, 0)).filter((m) => m.from !== 'customer').map((m) => m.text),
    cleanup: () => state.close(),
  };
});
