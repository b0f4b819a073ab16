import { webApi } from '@slack/bolt';
import { codedSlackError, SlackApi } from '../../../adapters/slack/slack-api';
import { createSilentLogger } from '../../../src/logging/logger';
import { FakeSlackApi } from '../../support/fake-slack-api';
import { startSlackServer } from './slack-harness';
import { dmEvent, eventCallback, uniqueId } from './slack-payloads';

/** Outbound calls: rate limits retried after Retry-After, failures surfaced as coded errors, never swallowed. */
describe('Slack Web API calls', () => {
  it('retries a rate-limited reply after Retry-After and delivers it once', async () => {
    const s = await startSlackServer();
    try {
      const channel = uniqueId('D');
      s.api.rateLimit(1, 1, 'chat.postMessage');
      const started = Date.now();
      await s.post(eventCallback(dmEvent(channel, 'hi')));
      await s.api.waitFor(() => s.api.succeeded('chat.postMessage', channel).length === 1);
      await s.settle();
      const attempts = s.api.calls.filter((c) => c.method === 'chat.postMessage');
      expect(attempts.map((c) => c.status)).toEqual([429, 200]);
      expect(s.api.succeeded('chat.postMessage', channel)).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(s.logs.some((l) => l.msg === 'slack rate limited; retrying' && l['retryAfterMs'] === 1000)).toBe(
        true,
      );
    } finally {
      await s.close();
    }
  });

  it('surfaces a rate limit that outlasts the retries as SWB_ERR_SLACK_RATE_LIMITED in the log', async () => {
    const s = await startSlackServer({ channel: { retry: { maxRateLimitRetries: 1 } } });
    try {
      s.api.rateLimit(10, 0, 'chat.postMessage');
      await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
      await s.settle();
      const [line] = s.coded('SWB_ERR_SLACK_RATE_LIMITED');
      expect(line).toMatchObject({
        msg: 'slack delivery failed',
        level: 50,
        err: { details: { method: 'chat.postMessage' } },
      });
    } finally {
      await s.close();
    }
  });

  it('surfaces invalid_auth on a reply as SWB_ERR_SLACK_API in the log (not swallowed)', async () => {
    const s = await startSlackServer();
    try {
      await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
      await s.api.waitFor(() => s.api.succeeded('chat.postMessage').length === 1);
      s.api.failWith('invalid_auth', Number.POSITIVE_INFINITY, 'chat.postMessage');
      await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
      await s.settle();
      const failures = s.coded('SWB_ERR_SLACK_API');
      expect(failures.length).toBeGreaterThan(0);
      expect(failures[0]).toMatchObject({
        msg: 'slack delivery failed',
        err: { slackError: 'invalid_auth' },
      });
      expect(JSON.stringify(s.logs)).not.toContain('xoxb-test');
    } finally {
      await s.close();
    }
  });

  it('surfaces invalid_auth while identifying the bot (auth.test): acked, logged with its code, no reply', async () => {
    const s = await startSlackServer();
    try {
      s.api.failWith('invalid_auth');
      const res = await s.post(eventCallback(dmEvent(uniqueId('D'), 'hi')));
      expect(res.status).toBe(200);
      await s.settle();
      expect(s.coded('SWB_ERR_SLACK_API')[0]).toMatchObject({
        level: 50,
        err: { slackError: 'invalid_auth' },
      });
      expect(s.api.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    } finally {
      await s.close();
    }
  });

  describe('SlackApi', () => {
    let fake: FakeSlackApi;
    beforeAll(async () => {
      fake = await new FakeSlackApi().start();
    });
    afterAll(() => fake.close());
    afterEach(() => fake.heal());

    it('caches the bot identity per token and retries it after a failure', async () => {
      const api = new SlackApi({ apiUrl: fake.url, logger: createSilentLogger() });
      fake.failWith('invalid_auth', 1, 'auth.test');
      await expect(api.identity('xoxb-a')).rejects.toMatchObject({
        code: 'SWB_ERR_SLACK_API',
        slackError: 'invalid_auth',
      });
      await expect(api.identity('xoxb-a')).resolves.toEqual({ userId: 'U0BOT', botId: 'B0BOT' });
      const before = fake.calls.length;
      await api.identity('xoxb-a');
      expect(fake.calls.length).toBe(before);
    });

    it('does not wait out a Retry-After longer than allowed', async () => {
      const api = new SlackApi({
        apiUrl: fake.url,
        logger: createSilentLogger(),
        retry: { maxRateLimitWaitMs: 1000 },
      });
      fake.rateLimit(1, 30, 'chat.postMessage');
      const started = Date.now();
      await expect(api.postMessage('xoxb-a', { channel: 'D1', text: 'x', blocks: [] })).rejects.toMatchObject(
        {
          code: 'SWB_ERR_SLACK_RATE_LIMITED',
          details: { retryAfterMs: 30_000 },
        },
      );
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('codes an unreachable API as SWB_ERR_SLACK_API request_failed', async () => {
      const api = new SlackApi({
        apiUrl: 'http://127.0.0.1:9/api/',
        logger: createSilentLogger(),
        retry: { requestRetries: 0 },
      });
      await expect(api.postMessage('xoxb-a', { channel: 'D1', text: 'x', blocks: [] })).rejects.toMatchObject(
        {
          code: 'SWB_ERR_SLACK_API',
          slackError: 'request_failed',
        },
      );
    });

    it('maps every Web API client error by its code', () => {
      const platform = new webApi.WebAPIPlatformError({ ok: false, error: 'channel_not_found' });
      expect(codedSlackError('chat.postMessage', platform)).toMatchObject({
        slackError: 'channel_not_found',
      });
      const http = new webApi.WebAPIHTTPError(502, 'Bad Gateway', {});
      expect(codedSlackError('chat.update', http)).toMatchObject({
        code: 'SWB_ERR_SLACK_API',
        slackError: 'http_502',
      });
      expect(codedSlackError('x', new Error('boom'))).toMatchObject({ slackError: 'unexpected_error' });
    });
  });
});
