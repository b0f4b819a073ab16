import { createAcmeBot } from '../../dialogs/acme-bot';
import { ConversationHarness } from '../../src/bot/testing/conversation-harness';
import { runConversationScript } from '../../src/bot/testing/conversation-runner';
import { conversationScriptSchema } from '../../src/bot/testing/conversation-script';
import { loadConfig } from '../../src/config/load-config';
import { createHarnessHandoff } from '../../src/demo/harness-handoff';
import { createSilentLogger } from '../../src/logging/logger';
import { createStateServices } from '../../src/state/state-services';
import { stubIntentReader } from '../support/intent-stub';

type Channel = Parameters<typeof ConversationHarness.create>[0]['channel'];

const harness = (channel: Channel) =>
  ConversationHarness.create({
    channel,
    bot: (ctx) => createAcmeBot({ ...ctx, readIntent: stubIntentReader() }),
  });

/** The demo bot with the embedded human handoff, as `switchboard test` runs it. */
const withHandoff = (channel: Channel) => {
  const logger = createSilentLogger();
  const state = createStateServices({});
  const handoff = createHarnessHandoff({ config: loadConfig({ env: {} }), state, logger });
  return ConversationHarness.create({
    channel,
    state,
    handoff: handoff.harness,
    onClose: handoff.close,
    bot: (ctx) => createAcmeBot({ ...ctx, readIntent: stubIntentReader(), escalator: handoff.escalator }),
  });
};

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
      caller: 'anonymous',
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['name', 'channels.0', 'steps.0', 'caller']));
  });

  it('"handoff" and "silent" check a real escalation: queued, then the bot says nothing', async () => {
    const script = conversationScriptSchema.parse({
      name: 'ask for a person',
      steps: [
        { user: 'talk to a person' },
        { bot: { contains: 'Connecting you to a person: you are number 1 in line' } },
        { handoff: { status: 'pending', skill: 'general', reason: 'customer-asked' } },
        { user: 'hello' },
        { silent: true },
        { user: 'cancel' },
        { bot: { contains: 'you have left the queue' } },
        { handoff: null },
      ],
    });
    for (const channel of ['webchat', 'slack', 'sms', 'voice'] as const) {
      const result = await runConversationScript(script, channel, withHandoff);
      expect({ channel, failures: result.failures }).toEqual({ channel, failures: [] });
    }
  });

  it('"handoff" and "silent" fail with what actually happened', async () => {
    const script = conversationScriptSchema.parse({
      name: 'wrong expectations',
      channels: ['webchat'],
      steps: [
        { user: 'hello' },
        { silent: true },
        { handoff: { skill: 'cards' } },
        { user: 'talk to a person' },
        { handoff: { skill: 'cards' } },
        { handoff: null },
      ],
    });
    const result = await runConversationScript(script, 'webchat', withHandoff);
    expect(result.failures).toEqual([
      expect.stringMatching(/step 2: expected no reply to the last message\s+got\s+"Hello! How can I help/),
      expect.stringMatching(/step 3: expected handoff \{"skill":"cards"\}\s+got\s+"no active handoff"/),
      expect.stringMatching(
        /step 5: expected handoff \{"skill":"cards"\}\s+got\s+"handoff pending, skill general, reason customer-asked"/,
      ),
      expect.stringMatching(/step 6: expected no active handoff/),
    ]);
  });

  it('"restart" opens a new conversation of the same customer: user state kept, no dialog', async () => {
    const script = conversationScriptSchema.parse({
      name: 'come back later',
      channels: ['webchat'],
      steps: [
        { user: 'I lost my card' },
        { bot: { contains: 'mobile number on your Acme account' } },
        { user: '202-555-0101' },
        { bot: 'Thanks, Maria.' },
        { bot: 'Which card is lost?' },
        { restart: true },
        { dialog: null },
        { user: 'hello' },
        { bot: 'Hello Maria, welcome back! How can I help today?' },
        { dialog: null },
      ],
    });
    const result = await runConversationScript(script, 'webchat', harness);
    expect(result.failures).toEqual([]);
    expect(result.transcript).toContain('(the customer comes back in a new conversation)');
  });

  it('on SMS and voice the customer is their phone number: a known caller is identified without asking', async () => {
    const script = conversationScriptSchema.parse({
      name: 'caller id',
      caller: '+12025550101',
      steps: [{ user: 'I lost my card' }, { bot: 'Which card is lost?' }],
    });
    const known = (channel: Channel, s: typeof script) =>
      ConversationHarness.create({
        channel,
        caller: s.caller,
        bot: (ctx) => createAcmeBot({ ...ctx, readIntent: stubIntentReader() }),
      });
    for (const channel of ['sms', 'voice'] as const) {
      const result = await runConversationScript(script, channel, known);
      expect({ channel, failures: result.failures }).toEqual({ channel, failures: [] });
    }
    const web = await runConversationScript(script, 'webchat', known);
    expect(web.failures[0]).toContain('mobile number on your Acme account');
  });
});
