import { MemoryStorage } from 'botbuilder-core';
import { EnvInstallationStore } from '../../../adapters/slack/installation-store';
import { classifyMessageEvent } from '../../../adapters/slack/mapping';
import { SlackAdapter } from '../../../adapters/slack/slack-adapter';
import { SlackApi } from '../../../adapters/slack/slack-api';
import { SlackThreadRegistry } from '../../../adapters/slack/thread-registry';
import { createSilentLogger } from '../../../src/logging/logger';
import { runChannelAdapterSuite } from '../../conformance/channel-adapter-suite';
import { FakeSlackApi } from '../../support/fake-slack-api';
import { BOT_USER, dmEvent, TEAM, uniqueId } from './slack-payloads';

runChannelAdapterSuite('slack', async () => {
  const fake = await new FakeSlackApi().start();
  const logger = createSilentLogger();
  const adapter = new SlackAdapter({
    api: new SlackApi({ apiUrl: fake.url, logger }),
    installations: new EnvInstallationStore({ botToken: 'xoxb-conformance' }),
    threads: new SlackThreadRegistry(new MemoryStorage()),
    logger,
  });
  // The suite names its conversations; each gets its own DM channel at the platform boundary.
  const channels = new Map<string, string>();
  const channelOf = (conversationId: string) => {
    if (!channels.has(conversationId)) channels.set(conversationId, uniqueId('D'));
    return channels.get(conversationId) as string;
  };
  return {
    adapter,
    inbound: (text, conversationId) => {
      const meta = { teamId: TEAM, bot: { userId: BOT_USER }, serviceUrl: fake.url };
      const inbound = classifyMessageEvent(dmEvent(channelOf(conversationId), text), meta);
      if (inbound.kind !== 'turn') throw new Error(`not a turn: ${JSON.stringify(inbound)}`);
      const { activity } = inbound;
      return { ...activity, conversation: { ...activity.conversation!, id: conversationId } };
    },
    delivered: async (conversationId) =>
      fake.succeeded('chat.postMessage', channelOf(conversationId)).map((c) => String(c.params['text'])),
    cleanup: () => fake.close(),
  };
});
