/**
 * Every webhook refuses what it cannot verify: forged, replayed, stale and missing signatures on
 * Slack (events, interactions, commands) and Twilio (SMS, SMS status, voice, gather, voice status,
 * queue routes), tampered, foreign and expired web chat tokens. 100 % must be rejected with the
 * documented status; a correctly signed control request proves each route is really mounted.
 */
import { createHmac } from 'node:crypto';
import { WebChatTokenService } from '../../adapters/webchat/session-token';
import { blockActionsBody, dmEvent, eventCallback, FORM, uniqueId } from '../adapters/slack/slack-payloads';
import { TEST_TOKEN_SECRET } from '../support/test-server';
import {
  OUR_NUMBER,
  type SecurityServer,
  slackHeaders,
  startSecurityServer,
  TWILIO_ACCOUNT_SID,
  twilioSignature,
} from './security-server';

let t: SecurityServer;
beforeAll(async () => {
  t = await startSecurityServer();
});
afterAll(() => t.close());

const MINUTE_S = 60;
const nowS = () => Math.floor(Date.now() / 1000);

async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text };
}

async function settle(): Promise<void> {
  for (let idle = 0, i = 0; idle < 3 && i < 500; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    idle = t.server.tracker.size === 0 ? idle + 1 : 0;
  }
}

describe('Slack: /slack/events', () => {
  const kinds: Array<[string, () => { body: string; type: string }]> = [
    ['event', () => ({ body: eventCallback(dmEvent(uniqueId('D'), 'hello')), type: 'application/json' })],
    [
      'interaction',
      () => ({
        body: blockActionsBody({
          channel: uniqueId('D'),
          message: { ts: `${nowS()}.000100`, text: 'pick', blocks: [] },
          button: { value: 'balance', title: 'Balance' },
        }),
        type: FORM,
      }),
    ],
    [
      'command',
      () => ({
        body: new URLSearchParams({
          command: '/acme',
          text: 'help',
          team_id: 'T0FAKE',
          user_id: 'U0CUSTOMER',
          channel_id: uniqueId('C'),
          trigger_id: `${Date.now()}.trigger`,
          response_url: 'https://hooks.slack.invalid/commands/1',
        }).toString(),
        type: FORM,
      }),
    ],
  ];

  describe.each(kinds)('%s', (_name, make) => {
    const send = (headers: Record<string, string>, body = make()) =>
      post('/slack/events', body.body, { 'content-type': body.type, ...headers });

    test('missing signature or timestamp: 401', async () => {
      const { body, type } = make();
      const signed = slackHeaders(body);
      for (const headers of <Array<Record<string, string>>>[
        {},
        { 'x-slack-signature': signed['x-slack-signature'] as string },
        { 'x-slack-request-timestamp': signed['x-slack-request-timestamp'] as string },
      ]) {
        const res = await send(headers, { body, type });
        expect(res.status).toBe(401);
        expect(JSON.parse(res.text)).toMatchObject({ code: 'SWB_ERR_SLACK_SIGNATURE' });
      }
    });

    test('forged: wrong secret, tampered body, garbage: 401', async () => {
      const { body, type } = make();
      const wrongSecret = slackHeaders(body, { secret: 'not-the-signing-secret-0123456789' });
      const tampered = slackHeaders(body);
      const garbage = { 'x-slack-request-timestamp': String(nowS()), 'x-slack-signature': 'v0=deadbeef' };
      expect((await send(wrongSecret, { body, type })).status).toBe(401);
      expect((await send(tampered, { body: `${body} `, type })).status).toBe(401);
      expect((await send(garbage, { body, type })).status).toBe(401);
    });

    test('stale or future timestamp (outside ±5 min): 401, even when correctly signed', async () => {
      const { body, type } = make();
      for (const timestampS of [nowS() - 6 * MINUTE_S, nowS() + 6 * MINUTE_S, 0]) {
        const res = await send(slackHeaders(body, { timestampS }), { body, type });
        expect(res.status).toBe(401);
      }
    });

    test('replayed (same body, timestamp, signature) after success: acknowledged, no second turn', async () => {
      const { body, type } = make();
      const headers = slackHeaders(body);
      const first = await send(headers, { body, type });
      expect(first.status).toBe(200);
      await settle();
      const callsAfterFirst = t.slack.calls.length;
      const replay = await send(headers, { body, type });
      // Acknowledged like a platform duplicate (so Slack does not retry it), and dropped.
      expect(replay.status).toBe(200);
      expect(replay.text).toBe('');
      await settle();
      expect(t.slack.calls.length).toBe(callsAfterFirst);
    });
  });

  test('a correctly signed body that is not a JSON object is a coded 400, not a 500 (fuzz finding)', async () => {
    const cases: Array<[string, string]> = [
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['42', 'application/json'],
      ['payload=null', FORM],
      ['payload=%7Bbroken', FORM],
    ];
    for (const [body, type] of cases) {
      const res = await post('/slack/events', body, { 'content-type': type, ...slackHeaders(body) });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'SWB_ERR_SLACK_PAYLOAD' });
    }
  });

  test('a replayed event produces exactly one bot reply', async () => {
    const channel = uniqueId('D');
    const body = eventCallback(dmEvent(channel, 'hello'));
    const headers = { 'content-type': 'application/json', ...slackHeaders(body) };
    expect((await post('/slack/events', body, headers)).status).toBe(200);
    const replies = () =>
      t.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.params['channel'] === channel).length;
    await t.slack.waitFor(() => replies() > 0);
    await settle();
    const before = replies();
    for (let i = 0; i < 3; i++) expect((await post('/slack/events', body, headers)).status).toBe(200);
    await settle();
    expect(replies()).toBe(before);
  });
});

describe('Twilio webhooks', () => {
  const sid = (prefix: string) => `${prefix}${createHmac('md5', String(Math.random())).digest('hex')}`;
  const routes: Array<[string, () => Record<string, string>]> = [
    [
      '/twilio/sms',
      () => ({
        MessageSid: sid('SM'),
        AccountSid: TWILIO_ACCOUNT_SID,
        From: '+15550002222',
        To: OUR_NUMBER,
        Body: 'hi',
        NumMedia: '0',
      }),
    ],
    [
      '/twilio/sms/status',
      () => ({
        MessageSid: sid('SM'),
        AccountSid: TWILIO_ACCOUNT_SID,
        MessageStatus: 'delivered',
        To: '+15550002222',
      }),
    ],
    ...[
      '/twilio/voice',
      '/twilio/voice/gather',
      '/twilio/voice/status',
      '/twilio/voice/wait',
      '/twilio/voice/queue-result',
      '/twilio/voice/connect',
      '/twilio/voice/agent-status',
    ].map((path): [string, () => Record<string, string>] => [
      path,
      () => ({
        CallSid: sid('CA'),
        AccountSid: TWILIO_ACCOUNT_SID,
        From: '+15550003333',
        To: OUR_NUMBER,
        CallStatus: 'in-progress',
        Direction: 'inbound',
      }),
    ]),
  ];
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const send = (path: string, params: Record<string, string>, signature?: string) =>
    post(path, form(params), {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
    });

  describe.each(routes)('%s', (path, make) => {
    test('a correctly signed request is accepted (the route is mounted and verifies)', async () => {
      const params = make();
      const res = await send(path, params, twilioSignature(path, params));
      expect([403, 404]).not.toContain(res.status);
      await settle();
    });

    test('missing, forged, other-URL, other-token and tampered signatures: 403', async () => {
      const params = make();
      const otherPath = path === '/twilio/sms' ? '/twilio/voice' : '/twilio/sms';
      const cases: Array<[Record<string, string>, string | undefined]> = [
        [params, undefined],
        [params, 'bm90IGEgc2lnbmF0dXJl'],
        [params, twilioSignature(otherPath, params)],
        [params, twilioSignature(path, params, 'another-accounts-auth-token-000000')],
        [{ ...params, From: '+15559999999' }, twilioSignature(path, params)],
        [{ ...params, Extra: 'added' }, twilioSignature(path, params)],
      ];
      for (const [sent, signature] of cases) {
        const res = await send(path, sent, signature);
        expect(res.status).toBe(403);
        expect(JSON.parse(res.text)).toMatchObject({ code: 'SWB_ERR_TWILIO_SIGNATURE' });
      }
    });
  });

  test('a replayed inbound SMS (same signed request) never produces a second turn', async () => {
    const from = '+15550004444';
    const params = {
      MessageSid: sid('SM'),
      AccountSid: TWILIO_ACCOUNT_SID,
      From: from,
      To: OUR_NUMBER,
      Body: 'hello',
      NumMedia: '0',
    };
    const signature = twilioSignature('/twilio/sms', params);
    expect((await send('/twilio/sms', params, signature)).status).toBe(200);
    await t.twilio.waitFor(1, (r) => r.params['To'] === from);
    await settle();
    const replies = t.twilio.messagesTo(from).length;
    expect(replies).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await send('/twilio/sms', params, signature)).status).toBe(200);
    await settle();
    expect(t.twilio.messagesTo(from).length).toBe(replies);
  });

  test('a replayed voice gather (same signed request) gets the same TwiML and runs no second turn', async () => {
    const call = { CallSid: sid('CA'), AccountSid: TWILIO_ACCOUNT_SID, From: '+15550005555', To: OUR_NUMBER };
    const ringing = { ...call, CallStatus: 'ringing' };
    expect((await send('/twilio/voice', ringing, twilioSignature('/twilio/voice', ringing))).status).toBe(
      200,
    );
    const gather = { ...call, CallStatus: 'in-progress', SpeechResult: 'opening hours', Confidence: '0.9' };
    const signature = twilioSignature('/twilio/voice/gather', gather);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await send('/twilio/voice/gather', gather, signature));
    // Every run answers a <Gather action> with a fresh random token, so equal answers mean one run.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.text).toMatch(/\?turn=/);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });
});

describe('web chat session tokens', () => {
  const tokens = new WebChatTokenService({ secrets: [TEST_TOKEN_SECRET], ttlMs: 60_000 });
  const valid = () => tokens.issueNew().token;
  const tamper = (token: string) => {
    const [body, mac] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    payload['cid'] = 'wc_someone-else';
    return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
  };
  const bad: Array<[string, () => string | undefined]> = [
    ['missing', () => undefined],
    ['tampered payload', () => tamper(valid())],
    ['tampered signature', () => `${valid().slice(0, -4)}AAAA`],
    [
      'signed with another secret',
      () => new WebChatTokenService({ secrets: ['x'.repeat(40)], ttlMs: 60_000 }).issueNew().token,
    ],
    [
      'expired',
      () =>
        new WebChatTokenService({
          secrets: [TEST_TOKEN_SECRET],
          ttlMs: 1000,
          now: () => Date.now() - 5000,
        }).issueNew().token,
    ],
    ['not a token', () => 'a.b.c'],
  ];
  const auth = (token: string | undefined): Record<string, string> =>
    token === undefined ? {} : { authorization: `Bearer ${token}` };

  test.each(bad)('%s: 401 on every route that takes a token', async (_name, make) => {
    const token = make();
    const message = await post('/webchat/messages', JSON.stringify({ text: 'hi', clientMessageId: 'm1' }), {
      'content-type': 'application/json',
      ...auth(token),
    });
    expect(message.status).toBe(401);
    expect(JSON.parse(message.text)).toMatchObject({ code: 'SWB_ERR_WEBCHAT_TOKEN' });
    const history = await fetch(`${t.baseUrl}/webchat/messages?after=0`, { headers: auth(token) });
    expect(history.status).toBe(401);
    if (token !== undefined) {
      // Without a token, /webchat/session starts a new session (201) by design.
      const refresh = await post('/webchat/session', '{}', {
        'content-type': 'application/json',
        ...auth(token),
      });
      expect(refresh.status).toBe(401);
    }
  });

  test('a valid token works, and refreshing rotates it (same conversation, later expiry)', async () => {
    const first = (await (await fetch(`${t.baseUrl}/webchat/session`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
      expiresAt: number;
    };
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refreshed = (await (
      await fetch(`${t.baseUrl}/webchat/session`, { method: 'POST', headers: auth(first.token) })
    ).json()) as typeof first;
    expect(refreshed.conversationId).toBe(first.conversationId);
    expect(refreshed.token).not.toBe(first.token);
    expect(refreshed.expiresAt).toBeGreaterThan(first.expiresAt);
  });
});
