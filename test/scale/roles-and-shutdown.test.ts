import type { Middleware } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { SmsChannel } from '../../adapters/twilio-sms/sms-channel';
import { loadConfig } from '../../src/config/load-config';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { createSilentLogger } from '../../src/logging/logger';
import { createOutboundSender } from '../../src/outbound/create-outbound-sender';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import type { ProcessRole } from '../../src/scale/process-role';
import type { SwitchboardServer } from '../../src/server/switchboard-server';
import { createStateServices } from '../../src/state/state-services';
import { type FakeTwilioApi, startFakeTwilioApi } from '../support/fake-twilio-api';
import { stubIntentReader } from '../support/intent-stub';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis, uniqueId } from '../support/services';
import { TEST_TOKEN_SECRET } from '../support/test-server';

/** Long enough that shutdown surely starts while the turn runs. */
const SLOW_TURN_MS = 1_500;
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'shutdown-test-token';

/** Holds turns whose text is "slow" (a turn in flight when SIGTERM arrives). */
const slowTurns: Middleware = {
  onTurn: async (context, next) => {
    if (context.activity.text === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_TURN_MS));
    await next();
  },
};

interface Running {
  server: SwitchboardServer;
  baseUrl: string;
}

describeWithRedis('process roles and graceful shutdown', (redisUrl) => {
  let api: FakeTwilioApi;
  const open: SwitchboardServer[] = [];
  // Declared before setupRedis: after-all hooks run in declaration order, so the servers stop
  // (and finish their last writes) before the file's keys are deleted.
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await api.close();
  });
  const context = setupRedis(redisUrl, 'roles');

  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });

  async function start(role: ProcessRole, keyPrefix: string, outbound?: OutboundSender): Promise<Running> {
    const config = loadConfig({
      env: {},
      overrides: {
        redisUrl: redisUrl(),
        server: { port: 0, shutdownTimeoutMs: 10_000 },
        webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      },
    });
    const logger = createSilentLogger();
    const state = createStateServices({ redisUrl: redisUrl(), keyPrefix });
    const server = createDemoServer({
      config,
      logger,
      state,
      role,
      outbound,
      readIntent: stubIntentReader(),
      inner: [slowTurns],
      handoff: { keyPrefix },
      channels: [
        (runtime) =>
          new SmsChannel(
            {
              accountSid: ACCOUNT_SID,
              authToken: AUTH_TOKEN,
              phoneNumber: '+15550001111',
              publicBaseUrl: 'https://bot.example.com',
              apiBaseUrl: api.baseUrl,
              restMaxRetries: 0,
            },
            { state: runtime.state, logger, outbound: runtime.outbound },
          ),
      ],
    });
    open.push(server);
    return { server, baseUrl: `http://127.0.0.1:${await server.start()}` };
  }

  async function session(baseUrl: string): Promise<string> {
    const response = await fetch(`${baseUrl}/webchat/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await response.json()) as { token: string }).token;
  }

  function say(baseUrl: string, token: string, text: string): Promise<Response> {
    return fetch(`${baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', clientMessageId: uniqueId('m'), text }),
    });
  }

  it('a worker serves health and readiness only, and runs the worker hooks', async () => {
    const worker = await start('worker', context.nextPrefix());
    expect((await fetch(`${worker.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/webchat/session`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect(worker.server.workers.running).toBe(true);
    expect(worker.server.workers.names).toEqual(['handoff-timers']);
    await worker.server.close();
  });

  it('a web process serves customers and consumes no queue', async () => {
    const web = await start('web', context.nextPrefix());
    const token = await session(web.baseUrl);
    const response = await say(web.baseUrl, token, 'hello');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    expect(web.server.workers.running).toBe(false);
    await web.server.close();
  });

  it('shutdown drains the turn in flight, refuses new ones, and releases the turn lock', async () => {
    const keyPrefix = context.nextPrefix();
    const web = await start('all', keyPrefix);
    const token = await session(web.baseUrl);
    const inFlight = say(web.baseUrl, token, 'slow');
    await new Promise((resolve) => setTimeout(resolve, SLOW_TURN_MS / 3));
    const closing = web.server.close();
    const refused = await say(web.baseUrl, token, 'hello').catch(() => undefined);
    const drained = await inFlight;
    await closing;
    expect(drained.status).toBe(200);
    expect(((await drained.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    // Refused with 503 SWB_ERR_SHUTTING_DOWN, or the listener was already closed.
    expect(refused === undefined || refused.status === 503).toBe(true);
    const redis: Redis = context.redis;
    expect(await redis.keys(`${keyPrefix}lock:{turn:*}`)).toEqual([]);
  });

  it('an outbound send queued by a web process that stopped is sent by a worker started later', async () => {
    const keyPrefix = context.nextPrefix();
    const webOutbound = createOutboundSender({ redisUrl: redisUrl(), keyPrefix, onError: () => {} });
    const web = await start('web', keyPrefix, webOutbound);
    api.failWith({ status: 503, times: 1 });
    const customer = '+15550009001';
    await web.server.adapterFor('sms').continueConversation(
      {
        channelId: 'sms',
        conversation: { id: `sms:${customer}`, isGroup: false, conversationType: 'personal', name: '' },
        user: { id: customer, name: '' },
        bot: { id: '+15550001111', name: '' },
        serviceUrl: '',
      },
      async (turn) => {
        await turn.sendActivity('your replacement card is on its way');
      },
    );
    await web.server.close();
    expect(api.messagesTo(customer)).toEqual([]);
    const workerOutbound = createOutboundSender({ redisUrl: redisUrl(), keyPrefix, onError: () => {} });
    await start('worker', keyPrefix, workerOutbound);
    await api.waitFor(1, (r) => r.params['To'] === customer, 20_000);
    expect(api.messagesTo(customer)).toEqual(['your replacement card is on its way']);
  });
});
