import type { Middleware } from 'botbuilder-core';
import { type SlackTestServer, slackSignature, startSlackServer } from './slack-harness';
import { dmEvent, eventCallback, FORM, uniqueId } from './slack-payloads';

/** Requests reach the bot only when Slack signed them, recently; everything else is answered precisely. */
describe('Slack HTTP endpoint: signatures, acknowledgements and bad input', () => {
  let s: SlackTestServer;
  const reached: string[] = [];
  const counter: Middleware = {
    onTurn: async (context, next) => {
      reached.push(context.activity.text ?? context.activity.type ?? '');
      await next();
    },
  };

  beforeAll(async () => {
    s = await startSlackServer({ inner: [counter] });
  });
  afterAll(() => s.close());
  beforeEach(() => {
    reached.length = 0;
  });

  const postsTo = (channel: string) => s.api.succeeded('chat.postMessage', channel);

  it('answers a validly signed direct message (and the reply goes through SLACK_API_URL)', async () => {
    const channel = uniqueId('D');
    const res = await s.post(eventCallback(dmEvent(channel, 'hi')));
    expect(res.status).toBe(200);
    await s.api.waitFor(() => postsTo(channel).length === 1);
    expect(postsTo(channel)[0]?.params['text']).toBe('Hello! How can I help you today?');
    expect(postsTo(channel)[0]?.token).toBe('xoxb-test-0000-token');
  });

  it.each([
    ['a forged signature', { secret: 'not-the-signing-secret' }],
    ['a stale timestamp (6 minutes old)', { timestampS: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['no signature headers', { unsigned: true }],
    ['a signature header without a timestamp', { headers: { 'x-slack-request-timestamp': '' } }],
    ['a malformed signature', { headers: { 'x-slack-signature': 'v0=zz' } }],
  ])('refuses %s with 401 and never reaches the bot', async (_name, options) => {
    const channel = uniqueId('D');
    const res = await s.post(eventCallback(dmEvent(channel, 'hi')), options);
    expect(res.status).toBe(401);
    await s.settle();
    expect(reached).toEqual([]);
    expect(postsTo(channel)).toEqual([]);
  });

  it('refuses a body changed after signing (401)', async () => {
    const channel = uniqueId('D');
    const body = eventCallback(dmEvent(channel, 'hi'));
    const res = await s.post(body.replace('"hi"', '"bye"'), { headers: slackSignature(body) });
    expect(res.status).toBe(401);
    await s.settle();
    expect(reached).toEqual([]);
  });

  it('answers URL verification with the challenge, only when signed', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const ok = await s.post(body);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ challenge: 'c-123' });
    expect((await s.post(body, { unsigned: true })).status).toBe(401);
  });

  it('acknowledges an unknown event type (200) without a reply or a turn', async () => {
    const channel = uniqueId('C');
    const body = eventCallback({
      type: 'reaction_added',
      user: 'U1',
      reaction: 'tada',
      item: { type: 'message', channel, ts: '1.2' },
      ts: '1.3',
    });
    const res = await s.post(body);
    expect(res.status).toBe(200);
    await s.settle();
    expect(reached).toEqual([]);
    expect(postsTo(channel)).toEqual([]);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await s.post('{"type": "event_callback", ');
    expect(res.status).toBe(400);
  });

  it('acknowledges a signed payload of no known shape at once, and logs it with a code', async () => {
    const res = await s.post(JSON.stringify({ hello: 'world' }));
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(1000);
    expect(s.coded('SWB_ERR_SLACK_PAYLOAD').length).toBeGreaterThan(0);
  });

  it('acknowledges a message event with missing fields, logs it with a code, and does not crash', async () => {
    const before = s.coded('SWB_ERR_SLACK_PAYLOAD').length;
    const res = await s.post(eventCallback({ type: 'message', channel_type: 'im', user: 'U1', text: 'hi' }));
    expect(res.status).toBe(200);
    await s.settle();
    expect(s.coded('SWB_ERR_SLACK_PAYLOAD').length).toBeGreaterThan(before);
    expect(reached).toEqual([]);
    expect((await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')))).status).toBe(200);
  });

  it('acknowledges an event_callback without an event as malformed', async () => {
    const res = await s.post(JSON.stringify({ type: 'event_callback', team_id: 'T0FAKE', event_id: 'Ev1' }));
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(1000);
  });

  it('acknowledges interactive payloads nobody handles (shortcut, modal submission) at once', async () => {
    for (const type of ['shortcut', 'view_submission']) {
      const payload = {
        type,
        team: { id: 'T0FAKE' },
        user: { id: 'U1' },
        callback_id: 'cb',
        trigger_id: 't',
        view: { id: 'V1', callback_id: 'cb', state: { values: {} } },
      };
      const res = await s.post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, {
        contentType: FORM,
      });
      expect(res.status).toBe(200);
      expect(res.elapsedMs).toBeLessThan(1000);
    }
  });

  it('refuses an interactivity payload that is not JSON with 400', async () => {
    const res = await s.post('payload=%7Bnot-json', { contentType: FORM });
    expect(res.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await s.post(eventCallback(dmEvent(uniqueId('D'), 'x'.repeat(1024 * 1024 + 10))));
    expect(res.status).toBe(413);
  });

  it('acknowledges an event from an unknown workspace (200), logs a coded warning, never replies', async () => {
    await s.close();
    s = await startSlackServer({ inner: [counter], channel: { teamId: 'T0FAKE' } });
    const channel = uniqueId('D');
    const res = await s.post(eventCallback(dmEvent(channel, 'hi'), { teamId: 'T0OTHER' }));
    expect(res.status).toBe(200);
    await s.settle();
    expect(reached).toEqual([]);
    expect(s.api.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    const [line] = s.coded('SWB_ERR_SLACK_WORKSPACE_UNKNOWN');
    expect(line?.level).toBe(40);
    expect(JSON.stringify(line)).not.toContain('xoxb-');
  });

  it('refuses events with 503 while shutting down, so Slack retries elsewhere', async () => {
    const closing = s.server.tracker.close(1000);
    const res = await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text).code).toBe('SWB_ERR_SHUTTING_DOWN');
    await closing;
  });
});
