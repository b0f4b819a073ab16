import type { ConversationReference } from 'botbuilder-core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { SlackApi } from '../../adapters/slack/slack-api';
import { SmsChannel } from '../../adapters/twilio-sms/sms-channel';
import { createSilentLogger } from '../../src/logging/logger';
import { BullMqOutboundSender, OUTBOUND_QUEUE_NAME } from '../../src/outbound/bullmq-outbound-sender';
import { MemoryOutboundSender } from '../../src/outbound/memory-outbound-sender';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { createStateServices } from '../../src/state/state-services';
import { FakeSlackApi } from '../support/fake-slack-api';
import { type FakeTwilioApi, startFakeTwilioApi } from '../support/fake-twilio-api';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis, uniqueId } from '../support/services';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'outbound-test-token';
const OUR_NUMBER = '+15550001111';
/** Quick retries, so that a test waits a second or two, not minutes. */
const FAST_RETRY = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 400 };
const SETTLE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errors: unknown[] = [];
const onError = (error: unknown) => void errors.push(error);

/** A "process" of the SMS channel: its own adapter on the fake Twilio, sending through `outbound`. */
const openStates: Array<{ close(): Promise<void> }> = [];

function smsProcess(api: FakeTwilioApi, outbound: OutboundSender): SmsChannel {
  const state = createStateServices();
  openStates.push(state);
  return new SmsChannel(
    {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      phoneNumber: OUR_NUMBER,
      publicBaseUrl: 'https://bot.example.com',
      apiBaseUrl: api.baseUrl,
      // The client's own 429 retries are off: the outbound queue is what is under test.
      restMaxRetries: 0,
    },
    { state, logger: createSilentLogger(), outbound },
  );
}

function referenceFor(customer: string): Partial<ConversationReference> {
  return {
    channelId: 'sms',
    conversation: { id: `sms:${customer}`, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: customer, name: '' },
    bot: { id: OUR_NUMBER, name: '' },
    serviceUrl: '',
  };
}

async function sendSms(channel: SmsChannel, customer: string, text: string): Promise<void> {
  await channel.adapter.continueConversation(referenceFor(customer), async (context) => {
    await context.sendActivity(text);
  });
}

let api: FakeTwilioApi;
beforeAll(async () => {
  api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(async () => {
  await Promise.all(openStates.map((state) => state.close()));
  await api.close();
});
beforeEach(() => {
  api.reset();
  errors.length = 0;
});

describe('outbound retries in process (embedded default)', () => {
  it('retries an SMS answered 500 then 429, and sends it exactly once', async () => {
    const outbound = new MemoryOutboundSender({ retry: FAST_RETRY, onError });
    const channel = smsProcess(api, outbound);
    api.failWith({ status: 500, times: 2 });
    const customer = '+15550002001';
    await sendSms(channel, customer, 'your card is blocked');
    await api.waitFor(1, (r) => r.params['To'] === customer, 10_000);
    await sleep(SETTLE_MS);
    expect(api.messagesTo(customer)).toEqual(['your card is blocked']);
    expect(errors).toEqual([]);
    await outbound.close();
  });

  it('does not retry a refusal that retrying cannot fix (invalid number)', async () => {
    const outbound = new MemoryOutboundSender({ retry: FAST_RETRY, onError });
    const channel = smsProcess(api, outbound);
    api.failWith({ status: 400, code: 21211, times: 1 });
    await expect(sendSms(channel, '+15550002002', 'hello')).rejects.toMatchObject({
      code: 'SWB_ERR_TWILIO_API',
    });
    await sleep(SETTLE_MS);
    expect(api.requests).toHaveLength(0);
    await outbound.close();
  });

  it('gives up after maxAttempts with SWB_ERR_OUTBOUND_FAILED', async () => {
    const outbound = new MemoryOutboundSender({ retry: { ...FAST_RETRY, maxAttempts: 3 }, onError });
    const channel = smsProcess(api, outbound);
    api.failWith({ status: 503 });
    await sendSms(channel, '+15550002003', 'hello');
    const deadline = Date.now() + 10_000;
    while (errors.length === 0 && Date.now() < deadline) await sleep(50);
    expect(errors).toEqual([expect.objectContaining({ code: 'SWB_ERR_OUTBOUND_FAILED' })]);
    await outbound.close();
  });
});

describeWithRedis('outbound retries from BullMQ (web and worker processes)', (redisUrl) => {
  const context = setupRedis(redisUrl, 'outbound');
  const senders: OutboundSender[] = [];
  const blocking: Redis[] = [];

  function sender(keyPrefix: string): BullMqOutboundSender {
    const connection = createRedisConnection(redisUrl(), { name: 'test:outbound-bull', blocking: true });
    blocking.push(connection);
    const created = new BullMqOutboundSender({
      redis: context.connect('markers'),
      connection,
      keyPrefix,
      retry: FAST_RETRY,
      onError,
    });
    senders.push(created);
    return created;
  }

  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.close()));
    await Promise.all(blocking.splice(0).map((c) => quitRedis(c)));
  });

  it('a web process queues the failed SMS; a worker process sends it once', async () => {
    const keyPrefix = context.nextPrefix();
    const web = smsProcess(api, sender(keyPrefix));
    const workerSender = sender(keyPrefix);
    smsProcess(api, workerSender);
    await workerSender.consume();
    api.failWith({ status: 429, times: 3 });
    const customer = '+15550003001';
    await sendSms(web, customer, 'an agent will be with you shortly');
    await api.waitFor(1, (r) => r.params['To'] === customer, 15_000);
    await sleep(SETTLE_MS);
    expect(api.messagesTo(customer)).toEqual(['an agent will be with you shortly']);
  });

  it('never sends a message id twice: a resend and a redelivered job are both dropped', async () => {
    const keyPrefix = context.nextPrefix();
    const outbound = sender(keyPrefix);
    smsProcess(api, outbound);
    await outbound.consume();
    const customer = '+15550003002';
    const message = {
      channelId: 'sms',
      messageId: uniqueId('reply'),
      payload: {
        route: { to: customer, from: OUR_NUMBER, conversationId: `sms:${customer}` },
        message: { body: 'only once', mediaUrls: [] },
      },
    };
    expect(await outbound.send(message)).toMatchObject({ status: 'sent' });
    expect(await outbound.send(message)).toMatchObject({ status: 'duplicate' });
    // A job for the same message (as when a worker died after sending, before completing the job).
    const queue = new Queue(OUTBOUND_QUEUE_NAME, {
      connection: context.connect('producer'),
      prefix: `${keyPrefix}bull`,
    });
    await queue.add('send', message, { jobId: `redelivered-${message.messageId}` });
    const deadline = Date.now() + 10_000;
    while (((await queue.getJobCounts('wait')).wait ?? 0) > 0 && Date.now() < deadline) {
      await sleep(50);
    }
    await sleep(SETTLE_MS);
    await queue.close();
    expect(api.messagesTo(customer)).toEqual(['only once']);
  });

  it('retries a Slack post answered 500 and then rate-limited (Retry-After honoured), once', async () => {
    const slack = await new FakeSlackApi().start();
    try {
      const keyPrefix = context.nextPrefix();
      const outbound = sender(keyPrefix);
      const client = new SlackApi({
        apiUrl: slack.url,
        logger: createSilentLogger(),
        retry: { maxRateLimitRetries: 0, requestRetries: 0 },
      });
      outbound.register({
        channelId: 'slack',
        deliver: (payload) => client.postMessage('xoxb-test', payload as { channel: string; text: string }),
      });
      await outbound.consume();
      slack.serverError(2, 500, 'chat.postMessage');
      slack.rateLimit(1, 1, 'chat.postMessage');
      const payload = { channel: 'C0SUPPORT', text: 'we refunded the charge' };
      const result = await outbound.send({ channelId: 'slack', messageId: uniqueId('slack'), payload });
      expect(result).toEqual({ status: 'queued' });
      await slack.waitFor(() => slack.succeeded('chat.postMessage').length === 1, 15_000);
      await sleep(SETTLE_MS);
      expect(slack.succeeded('chat.postMessage').map((c) => c.params['text'])).toEqual([
        'we refunded the charge',
      ]);
    } finally {
      await slack.close();
    }
  });
});
