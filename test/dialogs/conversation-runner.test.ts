import { createAcmeBot } from '../../dialogs/acme-bot';
import { ConversationHarness } from '../../src/bot/testing/conversation-harness';
import { runConversationScript } from '../../src/bot/testing/conversation-runner';
import { conversationScriptSchema } from '../../src/bot/testing/conversation-script';
import { stubIntentReader } from '../support/intent-stub';

const harness = (channel: Parameters<typeof ConversationHarness.create>[0]['channel']) =>
  ConversationHarness.create({
    channel,
    bot: (ctx) => createAcmeBot({ ...ctx, readIntent: stubIntentReader() }),
  });

describe('the conversation-test runner', () => {
  it('fails a script whose expectation does not hold, with a readable diff', async () => {
    const script = conversationScriptSchema.parse({
      name: 'wrong greeting',
      steps: [{ user: 'hello' }, { bot: 'Good evening' }],
    });
    const result = await runConversationScript(script, 'webchat', harness);
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toContain('expected "Good evening"');
    expect(result.failures[0]).toContain('Hello! How can I help you today?');
  });

  it('fails when a reply breaks a channel rule (SMS numbering is checked on every reply)', async () => {
    const script = conversationScriptSchema.parse({
      name: 'help menu',
      channels: ['sms'],
      steps: [
        { user: 'help' },
        { bot: { contains: 'I can help' }, sms: { contains: 'Reply 1 for Check my balance' } },
      ],
    });
    const result = await runConversationScript(script, 'sms', harness);
    expect(result).toMatchObject({ passed: true, failures: [] });
  });

  it('turns "choose" into each channel’s own input: a click, a number, a keypad digit', async () => {
    const script = conversationScriptSchema.parse({
      name: 'choose from the welcome menu',
      steps: [
        { start: true },
        { bot: { contains: 'Acme Bank assistant' } },
        { choose: 'Talk to a person' },
        { bot: { contains: 'no one from our team' } },
      ],
    });
    for (const channel of ['webchat', 'slack', 'sms', 'voice'] as const) {
      const result = await runConversationScript(script, channel, harness);
      expect({ channel, failures: result.failures }).toEqual({ channel, failures: [] });
      const said = result.transcript.find((line) => line.startsWith('customer:'));
      expect(said).toBe(
        channel === 'sms' || channel === 'voice' ? 'customer: 4' : 'customer: Talk to a person',
      );
    }
  });

  it('rejects an invalid script with every problem named', () => {
    const parsed = conversationScriptSchema.safeParse({
      name: '',
      steps: [{ usr: 'typo' }],
      channels: ['fax'],
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['name', 'channels.0', 'steps.0']));
  });
});
