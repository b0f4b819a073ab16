import { type SlackTestServer, startSlackServer } from './slack-harness';
import { blockActionsBody, dmEvent, eventCallback, uniqueId } from './slack-payloads';

/** Socket Mode: for teams without a public URL. Same turns, no HTTP route. */
describe('Slack Socket Mode', () => {
  let s: SlackTestServer;

  beforeAll(async () => {
    s = await startSlackServer({
      channel: { signingSecret: undefined, socketMode: { appToken: 'xapp-test-token' } },
    });
  });
  afterAll(() => s.close());

  it('connects with the app token through SLACK_API_URL and reports ready', async () => {
    expect(s.channel.mode).toBe('socket');
    const open = s.api.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.token).toBe('xapp-test-token');
    expect(s.api.socketClients).toBe(1);
    const ready = await (await fetch(`${s.baseUrl}/readyz`)).json();
    expect(ready.checks['slack-socket']).toBe(true);
  });

  it('mounts no HTTP route', async () => {
    const res = await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
    expect(res.status).toBe(404);
  });

  it('acknowledges an event envelope and answers the message', async () => {
    const channel = uniqueId('D');
    await s.api.sendEnvelope('events_api', JSON.parse(eventCallback(dmEvent(channel, 'hi'))));
    await s.api.waitFor(() => s.api.succeeded('chat.postMessage', channel).length === 1);
  });

  it('handles a button click envelope like typing', async () => {
    const channel = uniqueId('D');
    await s.api.sendEnvelope('events_api', JSON.parse(eventCallback(dmEvent(channel, 'help'))));
    await s.api.waitFor(() => s.api.succeeded('chat.postMessage', channel).length === 1);
    const menu = s.api.succeeded('chat.postMessage', channel)[0];
    const form = blockActionsBody({
      channel,
      message: {
        ts: String(menu?.response['ts']),
        text: 'menu',
        blocks: menu?.params['blocks'] as unknown[],
      },
      button: { value: 'hi', title: 'Hi' },
    });
    const payload = JSON.parse(decodeURIComponent(form.slice('payload='.length)));
    await s.api.sendEnvelope('interactive', payload);
    await s.api.waitFor(() => s.api.succeeded('chat.update', channel).length === 1);
    await s.api.waitFor(() => s.api.succeeded('chat.postMessage', channel).length === 2);
  });

  it('leaves envelopes unacknowledged while shutting down, so Slack redelivers them elsewhere', async () => {
    const closing = s.server.tracker.close(1000);
    const channel = uniqueId('D');
    const acked = s.api.sendEnvelope('events_api', JSON.parse(eventCallback(dmEvent(channel, 'hi'))));
    const outcome = await Promise.race([
      acked.then(() => 'acked'),
      new Promise((r) => setTimeout(() => r('waiting'), 300)),
    ]);
    expect(outcome).toBe('waiting');
    expect(s.api.succeeded('chat.postMessage', channel)).toEqual([]);
    await closing;
  });
});
