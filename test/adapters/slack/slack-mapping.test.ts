import { blocksShowingChoice, classifyBlockActions } from '../../../adapters/slack/block-actions';
import {
  conversationAccountOf,
  conversationIdOf,
  parseConversationId,
  slackTargetOf,
} from '../../../adapters/slack/conversation';
import { classifyMessageEvent, type SlackEventMeta } from '../../../adapters/slack/mapping';
import { plainTextOf } from '../../../adapters/slack/slack-text';
import { renderSlack } from '../../../src/rendering/render-slack';

const meta: SlackEventMeta = {
  teamId: 'T1',
  eventId: 'Ev1',
  bot: { userId: 'UBOT', botId: 'BBOT' },
  serviceUrl: 'http://api/',
};
const dm = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'D1',
  channel_type: 'im',
  user: 'U1',
  text: 'hello',
  ts: '1700000000.000100',
  ...extra,
});

describe('Slack mapping (pure)', () => {
  describe('conversation ids', () => {
    it('makes a DM one conversation and every thread its own', () => {
      expect(conversationIdOf({ team: 'T1', channel: 'D1' })).toBe('T1:D1');
      expect(conversationIdOf({ team: 'T1', channel: 'C1', threadTs: '1.2' })).toBe('T1:C1:1.2');
    });

    it('round-trips through the id and through a stored conversation account', () => {
      const target = { team: 'T1', channel: 'C1', threadTs: '1.2' };
      expect(parseConversationId(conversationIdOf(target))).toEqual(target);
      const stored = JSON.parse(JSON.stringify(conversationAccountOf(target, true)));
      expect(slackTargetOf({ ...stored, id: 'renamed' })).toEqual(target);
      expect(slackTargetOf({ id: 'T1:D1' })).toEqual({ team: 'T1', channel: 'D1' });
    });

    it.each(['', 'plain', 'a:b:c:d', 'T1::1.2'])('refuses %j as a Slack conversation', (id) => {
      expect(() => slackTargetOf({ id })).toThrow(
        expect.objectContaining({ code: 'SWB_ERR_UNSUPPORTED_ACTIVITY' }),
      );
    });
  });

  describe('text', () => {
    it.each([
      ['<@UBOT> help', 'help'],
      ['<@UBOT|acme>   check   my balance ', 'check my balance'],
      ['ask <@U2> or <#C9|support>', 'ask @U2 or #support'],
      ['see <https://acme.test/x|our page> or <mailto:a@b.c>', 'see our page or a@b.c'],
      ['<!here> fish &amp; chips &lt;3', '@here fish & chips <3'],
      ['<!subteam^S1|@team> hi', '@team hi'],
    ])('%j reads as %j', (raw, plain) => {
      expect(plainTextOf(raw, 'UBOT')).toBe(plain);
    });
  });

  describe('message events', () => {
    it('maps a DM to a message activity keyed by the message (channel:ts)', () => {
      const inbound = classifyMessageEvent(dm(), meta);
      expect(inbound).toMatchObject({
        kind: 'turn',
        inKnownThreadOnly: false,
        activity: {
          type: 'message',
          id: 'D1:1700000000.000100',
          channelId: 'slack',
          text: 'hello',
          from: { id: 'U1', role: 'user' },
          recipient: { id: 'UBOT', role: 'bot' },
          conversation: { id: 'T1:D1', isGroup: false },
          channelData: { slack: { team: 'T1', channel: 'D1', eventId: 'Ev1' } },
        },
      });
    });

    it('maps a mention to a thread conversation rooted at the mention', () => {
      const event = { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '5.5' };
      expect(classifyMessageEvent(event, meta)).toMatchObject({
        kind: 'turn',
        target: { team: 'T1', channel: 'C1', threadTs: '5.5' },
        activity: { text: 'hi', conversation: { id: 'T1:C1:5.5', isGroup: true } },
      });
    });

    it('answers channel thread replies only in known threads, and leaves mentions to app_mention', () => {
      const reply = { ...dm({ channel: 'C1', channel_type: 'channel', thread_ts: '5.5' }) };
      expect(classifyMessageEvent(reply, meta)).toMatchObject({ kind: 'turn', inKnownThreadOnly: true });
      expect(classifyMessageEvent({ ...reply, text: '<@UBOT> hi' }, meta).kind).toBe('ignored');
    });

    it.each([
      ['missing channel', { channel: undefined }],
      ['a number as text', { text: 42 }],
      ['another bot', { bot_id: 'B2' }],
      ['a bot profile', { bot_profile: { id: 'B2' } }],
      ['the bot itself', { user: 'UBOT' }],
      ['no user', { user: undefined }],
      ['an edit', { subtype: 'message_changed' }],
      ['a join', { subtype: 'channel_join' }],
      ['only whitespace', { text: '   ' }],
    ])('ignores %s', (_name, extra) => {
      expect(classifyMessageEvent(dm(extra), meta).kind).toBe('ignored');
    });

    it('flags a file without text as non-text, and reads a file caption as text', () => {
      const files = [{ id: 'F1' }];
      expect(classifyMessageEvent(dm({ text: '', subtype: 'file_share', files }), meta).kind).toBe(
        'non-text',
      );
      expect(classifyMessageEvent(dm({ subtype: 'file_share', files }), meta).kind).toBe('turn');
    });
  });

  describe('button clicks', () => {
    const rendered = renderSlack({ text: 'Pick one', choices: [{ title: 'Debit card', value: 'debit' }] });
    const body = (extra: Record<string, unknown> = {}) => ({
      type: 'block_actions',
      user: { id: 'U1' },
      container: { channel_id: 'D1', message_ts: '9.9' },
      message: { ts: '9.9', text: 'Pick one', blocks: rendered.blocks },
      actions: [
        {
          type: 'button',
          block_id: 'swb_choices',
          action_id: 'swb_choice_0',
          value: 'debit',
          text: { text: 'Debit card' },
        },
      ],
      ...extra,
    });

    it('maps a click to the typed value, one choice per message, with the update showing the title', () => {
      const click = classifyBlockActions(body(), meta);
      expect(click).toMatchObject({
        kind: 'click',
        activity: {
          type: 'message',
          id: 'click:D1:9.9',
          text: 'debit',
          value: { postBack: true, title: 'Debit card' },
        },
        update: { channel: 'D1', ts: '9.9', text: 'Pick one' },
      });
    });

    it('keeps a click on a top-level message that has replies in the main timeline', () => {
      const click = classifyBlockActions(
        body({ message: { ts: '9.9', thread_ts: '9.9', blocks: [] } }),
        meta,
      );
      expect(click).toMatchObject({ kind: 'click', target: { team: 'T1', channel: 'D1' } });
      expect(click.kind === 'click' ? click.target.threadTs : 'not a click').toBeUndefined();
    });

    it('ignores malformed payloads and other blocks', () => {
      expect(classifyBlockActions({ type: 'block_actions', actions: [] }, meta).kind).toBe('ignored');
      const other = body({ actions: [{ type: 'button', block_id: 'x', action_id: 'a', value: 'v' }] });
      expect(classifyBlockActions(other, meta).kind).toBe('ignored');
    });

    it('replaces only the choice block, escaping the title', () => {
      const blocks = blocksShowingChoice([...rendered.blocks, 'junk'], 'A & <B>');
      expect(blocks).toEqual([
        rendered.blocks[0],
        { type: 'context', elements: [{ type: 'mrkdwn', text: '✔ A &amp; &lt;B&gt;' }] },
      ]);
    });
  });
});
