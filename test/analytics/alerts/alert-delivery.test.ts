import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SentimentAlert } from '../../../src/analytics/alerts/alert';
import { createSentimentAlerts } from '../../../src/analytics/alerts/create-sentiment-alerts';
import { WebhookAlertSink } from '../../../src/analytics/alerts/webhook-alert-sink';
import { loadConfig } from '../../../src/config/load-config';
import type { ConfigInput } from '../../../src/config/schema';
import { createSilentLogger } from '../../../src/logging/logger';
import { FakeSlackApi } from '../../support/fake-slack-api';
import { startTestServer } from '../../support/test-server';
import { waitFor } from '../../support/time';
import { createSession } from '../../support/webchat-client';
import { CALM_TRAFFIC, MINUTE_MS, START_MS, type Stream, seededRandom } from './simulated-traffic';

/** A local HTTP endpoint that records alert webhooks and answers with the next scripted status. */
class WebhookReceiver {
  readonly bodies: Array<{ type: string; alert: SentimentAlert }> = [];
  readonly statuses: number[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = this.statuses.shift() ?? 200;
      if (status === 200) this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(status).end();
    });
  });
  requests = 0;

  async start(): Promise<this> {
    this.server.on('request', () => this.requests++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ALERT: SentimentAlert = {
  id: 'a1',
  raisedAt: '2026-03-02T03:00:00.000Z',
  intent: 'card_declined',
  channelId: 'webchat',
  negativeShare: 0.6,
  baselineShare: 0.1,
  messages: 30,
  windowMs: 900_000,
  summary: 'Negative sentiment surge',
};

describe('WebhookAlertSink', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => receiver.close());

  test('5xx and 429 are retried with exponential backoff until delivered', async () => {
    receiver.statuses.push(500, 429);
    const waits: number[] = [];
    const sink = new WebhookAlertSink({ url: receiver.url, sleep: async (ms) => void waits.push(ms) });
    await sink.send(ALERT);
    expect(receiver.bodies).toEqual([{ type: 'sentiment.surge', alert: ALERT }]);
    expect(waits).toEqual([500, 1000]);
  });

  test('a 4xx is final; after the last attempt the error is coded', async () => {
    receiver.statuses.push(404);
    const sink = new WebhookAlertSink({ url: receiver.url, sleep: async () => undefined });
    await expect(sink.send(ALERT)).rejects.toMatchObject({ code: 'SWB_ERR_ALERT_DELIVERY' });
    expect(receiver.requests).toBe(1);
    receiver.statuses.push(503, 503, 503);
    const few = new WebhookAlertSink({ url: receiver.url, attempts: 3, sleep: async () => undefined });
    await expect(few.send(ALERT)).rejects.toMatchObject({ code: 'SWB_ERR_ALERT_DELIVERY' });
    expect(receiver.requests).toBe(4);
  });

  test('an endpoint that does not answer times out and is retried', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const sink = new WebhookAlertSink({ url, timeoutMs: 100, attempts: 2, sleep: async () => undefined });
    await expect(sink.send(ALERT)).rejects.toThrow(/timed out/);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe('a synthetic surge, delivered to a webhook and to Slack', () => {
  let receiver: WebhookReceiver;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    slack = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    await receiver.close();
    await slack.close();
  });

  test('exactly one alert for the slice, naming intent and channel, on both sinks and in the log', async () => {
    let now = START_MS;
    const config = loadConfig({
      env: {},
      overrides: {
        analytics: { alerts: { webhookUrl: receiver.url, slackChannel: '#support-alerts' } },
        channels: { slack: { botToken: 'xoxb-test', apiUrl: slack.url, enabled: false } },
      } satisfies ConfigInput,
    });
    const alerts = createSentimentAlerts({ config, logger: createSilentLogger(), state: {}, now: () => now });
    const random = seededRandom(21);
    const play = async (minutes: number, streams: Stream[]) => {
      for (let m = 0; m < minutes; m++) {
        for (const s of streams) {
          for (let i = 0; i < Math.round(s.perMinute); i++) {
            const label = random() < s.negativeShare ? 'negative' : 'neutral';
            alerts.observe({ channelId: s.channelId, intent: s.intent, sentimentLabel: label });
            now += 1000;
          }
        }
        await alerts.settled();
        now = START_MS + Math.ceil((now - START_MS) / MINUTE_MS) * MINUTE_MS;
      }
    };
    await play(3 * 60, CALM_TRAFFIC);
    await play(15, [
      ...CALM_TRAFFIC,
      { intent: 'card_declined', channelId: 'sms', perMinute: 5, negativeShare: 0.9 },
    ]);

    expect(receiver.bodies).toHaveLength(1);
    const [delivered] = receiver.bodies;
    expect(delivered!.type).toBe('sentiment.surge');
    expect(delivered!.alert).toMatchObject({ intent: 'card_declined', channelId: 'sms' });
    const posts = slack.succeeded('chat.postMessage', '#support-alerts');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.token).toBe('xoxb-test');
    expect(String(posts[0]!.params['text'])).toContain('intent card_declined on sms');
    const logged = await alerts.log.list(new Date(START_MS), new Date(now + 1));
    expect(logged).toEqual([delivered!.alert]);
  });
});

describe('end to end: angry web chat customers on a running server', () => {
  test('the analytics recorder scores each message and the webhook receives the surge', async () => {
    const receiver = await new WebhookReceiver().start();
    // Three messages are enough here: the test is about the wiring, not the thresholds.
    const server = await startTestServer({
      config: { analytics: { alerts: { webhookUrl: receiver.url, minMessages: 3, minBaselineMessages: 0 } } },
    });
    try {
      const session = await createSession(server.baseUrl);
      const angry = [
        'this is ridiculous',
        'worst service ever, I am furious',
        'terrible, absolutely useless',
        'I hate this',
      ];
      for (const [i, text] of angry.entries()) {
        const res = await fetch(`${server.baseUrl}/webchat/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', clientMessageId: `angry-${i}`, text }),
        });
        await res.arrayBuffer();
      }
      await waitFor(() => receiver.bodies.length > 0, 'the alert webhook', 10_000);
      expect(receiver.bodies[0]!.alert).toMatchObject({ channelId: 'webchat' });
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/switchboard_sentiment_alerts_total\{[^}]*channel="webchat"[^}]*\} 1/);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});
