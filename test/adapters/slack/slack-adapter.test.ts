import { MemoryStorage, TurnContext } from 'botbuilder-core';
import { conversationAccountOf } from '../../../adapters/slack/conversation';
import { EnvInstallationStore } from '../../../adapters/slack/installation-store';
import { SlackAdapter } from '../../../adapters/slack/slack-adapter';
import { SlackApi } from '../../../adapters/slack/slack-api';
import { SlackThreadRegistry } from '../../../adapters/slack/thread-registry';
import { replyActivity } from '../../../src/bot/reply-activity';
import { createSilentLogger } from '../../../src/logging/logger';
import { FakeSlackApi } from '../../support/fake-slack-api';

/** The adapter on its own: what reaches Slack for each kind of outgoing activity. */
describe('SlackAdapter', () => {
  let fake: FakeSlackApi;
  let adapter: SlackAdapter;
  let threads: SlackThreadRegistry;
  const thread = { team: 'T1', channel: 'C1', threadTs: '7.7' };
  const contextIn = (target: typeof thread | { team: string; channel: string }) =>
    new TurnContext(adapter, {
      type: 'message',
      conversation: conversationAccountOf(target, true),
      channelId: 'slack',
    });

  beforeAll(async () => {
    fake = await new FakeSlackApi().start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    const logger = createSilentLogger();
    threads = new SlackThreadRegistry(new MemoryStorage());
    adapter = new SlackAdapter({
      api: new SlackApi({ apiUrl: fake.url, logger }),
      installations: new EnvInstallationStore({ botToken: 'xoxb-1', teamId: 'T1' }),
      threads,
      logger,
    });
  });

  it('posts Block Kit into the thread, returns the message ts, and remembers the thread', async () => {
    const reply = replyActivity({ text: 'Which card?', choices: [{ title: 'Debit', value: 'debit' }] });
    const [response] = await adapter.sendActivities(contextIn(thread), [reply]);
    const call = fake.calls.at(-1);
    expect(call?.params).toMatchObject({ channel: 'C1', thread_ts: '7.7', text: 'Which card?' });
    expect(((call?.params['blocks'] ?? []) as Array<{ type: string }>).map((b) => b.type)).toEqual([
      'section',
      'actions',
    ]);
    expect(response?.id).toBe(call?.response['ts']);
    await expect(threads.has(thread)).resolves.toBe(true);
  });

  it('sends nothing for typing, events and empty messages', async () => {
    const before = fake.calls.length;
    const responses = await adapter.sendActivities(contextIn(thread), [
      { type: 'typing' },
      { type: 'event', name: 'x' },
      { type: 'message', text: '  ' },
    ]);
    expect(responses).toEqual([{ id: '' }, { id: '' }, { id: '' }]);
    expect(fake.calls.length).toBe(before);
  });

  it('updates and deletes a sent message by its ts', async () => {
    await adapter.updateActivity(contextIn(thread), { id: '5.5', type: 'message', text: 'edited' });
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'chat.update',
      params: { channel: 'C1', ts: '5.5', text: 'edited' },
    });
    await adapter.deleteActivity(contextIn(thread), { activityId: '5.5' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'chat.delete', params: { channel: 'C1', ts: '5.5' } });
    await expect(
      adapter.updateActivity(contextIn(thread), { type: 'message', text: 'x' }),
    ).rejects.toMatchObject({
      code: 'SWB_ERR_UNSUPPORTED_ACTIVITY',
    });
  });

  it('refuses to send into a workspace without an installation', async () => {
    await expect(
      adapter.sendActivities(contextIn({ team: 'T2', channel: 'D1' }), [{ type: 'message', text: 'hi' }]),
    ).rejects.toMatchObject({ code: 'SWB_ERR_SLACK_WORKSPACE_UNKNOWN' });
  });
});
