import type { Middleware } from 'botbuilder-core';
import { NluMiddleware } from '../../src/bot/nlu/nlu-middleware';
import { ValidationError } from '../../src/errors';
import { NONE_INTENT } from '../../src/nlu/types';
import { startTestServer, type TestServer } from '../support/test-server';
import { createSession, type TestSession } from '../support/webchat-client';
import { parseExposition, type Sample, sampleValue } from './exposition';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

async function say(server: TestServer, session: TestSession, text: string, id: string): Promise<void> {
  const res = await fetch(`${server.baseUrl}/webchat/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', clientMessageId: id, text }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`message: HTTP ${res.status}`);
}

async function scrape(
  server: TestServer,
  token?: string,
): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${server.baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('GET /metrics on a running SwitchboardServer', () => {
  let server: TestServer;
  let samples: Sample[];
  const recognizer = {
    understand: async (text: string) => ({
      text,
      intent: NONE_INTENT,
      score: 0,
      topIntents: [],
      outOfScope: true,
      entities: [],
      modelId: 'test',
    }),
  };

  /** Fails the turn with a coded error when the customer says "explode". */
  const failing: Middleware = {
    onTurn: async (context, next) => {
      if (context.activity.text === 'explode') throw new ValidationError('Test failure.');
      await next();
    },
  };

  beforeAll(async () => {
    server = await startTestServer({
      inner: [failing, new NluMiddleware({ recognizer })],
      config: { monitoring: { metricsToken: METRICS_TOKEN } },
    });
    const session = await createSession(server.baseUrl);
    for (const [i, text] of ['hello', 'check my balance', 'opening hours', 'explode'].entries()) {
      await say(server, session, text, `m-${i}`);
    }
    const scraped = await scrape(server, METRICS_TOKEN);
    expect(scraped.status).toBe(200);
    expect(scraped.type).toContain('text/plain');
    samples = parseExposition(scraped.text);
  });
  afterAll(() => server.close());

  test('turns are counted and timed per channel', () => {
    expect(
      sampleValue(samples, 'switchboard_turns_total', { channel: 'webchat', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sampleValue(samples, 'switchboard_turn_duration_seconds_count', { channel: 'webchat' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sampleValue(samples, 'switchboard_turn_duration_seconds_bucket', { channel: 'webchat', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(3);
  });

  test('a failed turn is counted as an error, by its code', () => {
    expect(sampleValue(samples, 'switchboard_turns_total', { channel: 'webchat', outcome: 'error' })).toBe(1);
    expect(sampleValue(samples, 'switchboard_errors_total', { code: 'SWB_ERR_VALIDATION' })).toBe(1);
  });

  test('NLU latency is observed once per customer message that reached it', () => {
    expect(sampleValue(samples, 'switchboard_nlu_duration_seconds_count')).toBe(3);
  });

  test('queue depths per skill, active conversations, backlog, in-flight turns, alerts', () => {
    for (const skill of ['general', 'billing', 'cards']) {
      expect(sampleValue(samples, 'switchboard_handoff_queue_depth', { skill })).toBe(0);
      expect(sampleValue(samples, 'switchboard_handoff_oldest_wait_seconds', { skill })).toBe(0);
    }
    expect(sampleValue(samples, 'switchboard_active_conversations')).toBe(1);
    expect(sampleValue(samples, 'switchboard_analytics_backlog')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'switchboard_turns_in_flight')).toBe(0);
    expect(samples.some((s) => s.name === 'switchboard_handoff_wait_seconds_count')).toBe(false);
  });

  test('process metrics come from the same registry', () => {
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  test('without the bearer token: a coded 401', async () => {
    const missing = await scrape(server);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.text)).toMatchObject({ code: 'SWB_ERR_METRICS_AUTH' });
    expect((await scrape(server, 'wrong-token-0123456789')).status).toBe(401);
  });

  test('a queued customer shows in the depth gauge, waiting time included', async () => {
    const session = await createSession(server.baseUrl);
    await say(server, session, 'talk to a person', 'agent-1');
    const after = parseExposition((await scrape(server, METRICS_TOKEN)).text);
    const depths = ['general', 'billing', 'cards'].map(
      (skill) => sampleValue(after, 'switchboard_handoff_queue_depth', { skill }) ?? 0,
    );
    expect(depths.reduce((a, b) => a + b, 0)).toBe(1);
    const waiting = ['general', 'billing', 'cards'].find(
      (skill) => sampleValue(after, 'switchboard_handoff_queue_depth', { skill }) === 1,
    );
    expect(
      sampleValue(after, 'switchboard_handoff_oldest_wait_seconds', { skill: waiting! }),
    ).toBeGreaterThanOrEqual(0);
    expect(sampleValue(after, 'switchboard_active_conversations')).toBe(2);
  });
});
