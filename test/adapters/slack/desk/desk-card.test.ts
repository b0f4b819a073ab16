import {
  DESK_CLAIM_ACTION,
  DESK_RESOLVE_ACTION,
  handoffRef,
  renderDeskCard,
  summaryOf,
} from '../../../../adapters/slack/desk/desk-card';
import {
  classifyDeskClick,
  classifyDeskCommand,
  classifyDeskMessage,
  parseDeskRequest,
} from '../../../../adapters/slack/desk/desk-payloads';
import { changeNotes, chatLineText } from '../../../../adapters/slack/desk/desk-texts';
import type { Handoff } from '../../../../src/handoff/handoff-record';

const ID = 'h-1a2b3c4d-0000-4000-8000-000000000000';
const QUEUED_AT = Date.UTC(2026, 0, 5, 9, 0, 0);
const META = { teamId: 'T0FAKE', bot: { userId: 'U0BOT', botId: 'B0BOT' }, serviceUrl: 'http://x/' };

function handoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: ID,
    channelId: 'sms',
    conversationId: 'c-1',
    skill: 'billing',
    reason: 'negative-sentiment',
    customer: { name: 'Dana <@U0ADMIN>', tier: 'gold' },
    context: { intent: 'dispute_charge', confidence: 0.874, sentiment: { label: 'negative', score: -0.62 } },
    priority: 9550,
    status: 'pending',
    createdAt: QUEUED_AT,
    queuedAt: QUEUED_AT,
    joins: 0,
    requeues: 0,
    version: 1,
    ...overrides,
  };
}

const render = (h: Handoff, summary: string[] = []) =>
  renderDeskCard({ handoff: h, summary, now: QUEUED_AT + 7 * 60_000, command: '/switchboard' });
const json = (value: unknown) => JSON.stringify(value);

describe('desk card', () => {
  test('shows channel, customer, tier, intent with confidence, sentiment, reason, wait and a Claim button', () => {
    const card = render(handoff(), ['I was charged twice', 'for <!channel> & more']);
    const text = json(card.blocks);
    for (const field of [
      '*Channel*\\nSMS',
      '*Tier*\\ngold',
      '*Intent*\\ndispute_charge (87%)',
      '*Sentiment*\\nnegative (-0.62)',
      '*Reason*\\nnegative sentiment',
      `*Wait*\\n7 min, since <!date^${QUEUED_AT / 1000}^{time}|2026-01-05T09:00:00.000Z>`,
      '> I was charged twice\\n> for &lt;!channel&gt; &amp; more',
      'Ref `#1a2b3c4d`',
    ])
      expect(text).toContain(field);
    // Customer text is escaped: no mention, no @channel.
    expect(text).toContain('*Customer*\\nDana &lt;@U0ADMIN&gt;');
    expect(text).toContain(`"action_id":"${DESK_CLAIM_ACTION}"`);
    expect(text).toContain(`"value":"${ID}"`);
    expect(card.text).toBe('Waiting for a person: SMS customer in the billing queue, intent dispute_charge');
  });

  test('claimed: who and Resolve; ended: no buttons; moved: the new queue, no buttons', () => {
    const claimed = render(
      handoff({
        status: 'assigned',
        agentId: 'alice',
        agentName: 'Alice Martin',
        assignedAt: QUEUED_AT + 120_000,
      }),
    );
    expect(json(claimed.blocks)).toContain('Claimed by Alice Martin');
    expect(json(claimed.blocks)).toContain('waited 2 min');
    expect(json(claimed.blocks)).toContain(`"action_id":"${DESK_RESOLVE_ACTION}"`);
    const resolved = render(
      handoff({ status: 'resolved', agentName: 'Alice Martin', disposition: 'refunded' }),
    );
    expect(json(resolved.blocks)).toContain('Resolved by Alice Martin');
    expect(json(resolved.blocks)).not.toContain('swb_desk_');
    const moved = renderDeskCard({
      handoff: handoff(),
      summary: [],
      now: QUEUED_AT,
      command: '/sb',
      movedTo: 'cards',
    });
    expect(json(moved.blocks)).toContain('Transferred to the cards queue');
    expect(json(moved.blocks)).not.toContain('swb_desk_');
  });

  test('without intent or sentiment, says so', () => {
    const text = json(render(handoff({ context: {} })).blocks);
    expect(text).toContain('*Intent*\\nunknown');
    expect(text).toContain('*Sentiment*\\nnot measured');
    expect(text).toContain('No customer messages in the transcript yet');
  });

  test('summary keeps the last three customer lines, each cut to 200 characters', () => {
    const lines = summaryOf(['one', 'two', 'three', 'x'.repeat(300)]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('two');
    expect(lines[2]).toHaveLength(200);
    expect(handoffRef(ID)).toBe('1a2b3c4d');
  });
});

describe('desk thread notes and lines', () => {
  const shown = { status: 'pending' as const, skill: 'billing' };
  test('claim, agent lost, transfer, resolve, expiry, cancel', () => {
    const claimed = handoff({ status: 'assigned', agentId: 'sam', agentName: 'Sam Rivera' });
    expect(changeNotes(shown, claimed, '/switchboard')).toEqual([
      expect.stringMatching(/^:raising_hand: \*Sam Rivera\* claimed/),
    ]);
    const held = { status: 'assigned' as const, skill: 'billing', agentId: 'sam', agentName: 'Sam Rivera' };
    expect(changeNotes(held, handoff({ requeues: 1 }), '/s')[0]).toMatch(/Sam Rivera was disconnected/);
    expect(changeNotes(held, handoff({ skill: 'cards', requeues: 1 }), '/s')[0]).toMatch(
      /transferred the customer to the \*cards\* queue/,
    );
    expect(
      changeNotes(
        held,
        handoff({ status: 'resolved', agentName: 'Sam Rivera', disposition: 'solved' }),
        '/s',
      ),
    ).toEqual([':white_check_mark: Resolved by Sam Rivera (solved). The bot has taken over again.']);
    expect(changeNotes(shown, handoff({ status: 'expired' }), '/s')[0]).toMatch(/Nobody claimed/);
    expect(
      changeNotes(shown, handoff({ status: 'cancelled', disposition: 'customer-cancelled' }), '/s')[0],
    ).toMatch(/customer left the queue/);
    expect(changeNotes(shown, handoff({ joins: 1 }), '/s')).toEqual([]);
  });

  test('chat lines: the customer, and agent lines written in the console', () => {
    expect(chatLineText({ from: 'customer', text: 'hi <@U1>', at: 1 })).toBe('*Customer:* hi &lt;@U1&gt;');
    expect(chatLineText({ from: 'agent', text: 'ok', at: 1, agentName: 'Bob Chen' })).toBe(
      '*Bob Chen* (agent console): ok',
    );
  });
});

describe('desk payloads', () => {
  const reply = (extra: Record<string, unknown>) =>
    classifyDeskMessage(
      {
        type: 'message',
        channel: 'C1',
        user: 'U1',
        text: 'hi <@U0BOT>',
        ts: '2.0',
        thread_ts: '1.0',
        ...extra,
      },
      META,
    );

  test('thread replies are the desk business; top-level, bot, edit and mention events are ignored', () => {
    expect(reply({})).toEqual({
      kind: 'thread-reply',
      channel: 'C1',
      threadTs: '1.0',
      ts: '2.0',
      user: 'U1',
      text: 'hi',
    });
    expect(reply({ thread_ts: undefined }).kind).toBe('ignored');
    expect(reply({ bot_id: 'B0BOT' }).kind).toBe('ignored');
    expect(reply({ user: 'U0BOT' }).kind).toBe('ignored');
    expect(reply({ subtype: 'message_changed' }).kind).toBe('ignored');
    expect(reply({ type: 'app_mention' }).kind).toBe('ignored');
    expect(classifyDeskMessage({ channel: 'C1' }, META).kind).toBe('ignored');
  });

  test('desk buttons are recognized by their action id, with a valid handoff id', () => {
    const body = (actionId: string, value = ID) => ({
      type: 'block_actions',
      user: { id: 'U1' },
      container: { channel_id: 'C1', message_ts: '1.0' },
      actions: [{ action_id: actionId, value }],
    });
    expect(classifyDeskClick(body(DESK_CLAIM_ACTION))).toEqual({
      kind: 'click',
      action: 'claim',
      handoffId: ID,
      user: 'U1',
      channel: 'C1',
      messageTs: '1.0',
    });
    expect(classifyDeskClick(body('swb_choice_0')).kind).toBe('not-desk');
    expect(classifyDeskClick(body(DESK_CLAIM_ACTION, 'not-an-id')).kind).toBe('malformed');
    expect(classifyDeskClick(body('swb_desk_dance')).kind).toBe('malformed');
  });

  test('the slash command and its requests', () => {
    const payload = { command: '/switchboard', text: 'resolve', user_id: 'U1', channel_id: 'C1' };
    expect(classifyDeskCommand(payload, '/switchboard')).toEqual({
      kind: 'command',
      user: 'U1',
      channel: 'C1',
      text: 'resolve',
    });
    expect(classifyDeskCommand({ ...payload, command: '/other' }, '/switchboard').kind).toBe('not-desk');
    expect(classifyDeskCommand({ command: '/switchboard' }, '/switchboard').kind).toBe('malformed');
    expect(parseDeskRequest('resolve')).toEqual({ verb: 'resolve', disposition: 'solved' });
    expect(parseDeskRequest(' Resolve #1a2b3c4d refund-issued ')).toEqual({
      verb: 'resolve',
      ref: '1a2b3c4d',
      disposition: 'refund-issued',
    });
    for (const text of ['', 'help', 'resolve a b c', 'resolve Not_OK!'])
      expect(parseDeskRequest(text)).toEqual({ verb: 'usage' });
  });
});
