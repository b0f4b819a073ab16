/**
 * The escalation path on SMS through signed Twilio webhooks and the fake REST API: the customer is
 * told their place in line by SMS, the bot stays silent while the agent serves them, the agent's
 * replies go out through the REST API, and on resolve the CSAT question comes numbered ("Reply 1
 * for …"), answered with a digit and recorded.
 */

import { smsConversationId } from '../../adapters/twilio-sms/mapping';
import { smsChannel } from '../../adapters/twilio-sms/sms-channel';
import { StorageCsatStore } from '../../dialogs/handoff/handoff-outcome-store';
import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { loadConfig } from '../../src/config/load-config';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { createSilentLogger } from '../../src/logging/logger';
import type { SwitchboardServer } from '../../src/server/switchboard-server';
import type { StateServices } from '../../src/state/ports';
import { createStateServices } from '../../src/state/state-services';
import {
  fakeSid,
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  sign,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../adapters/twilio-sms/twilio-test-server';
import { type FakeTwilioApi, startFakeTwilioApi } from '../support/fake-twilio-api';
import { stubIntentReader } from '../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../support/test-server';
import { sleep } from '../support/time';
import { ConsoleSocketClient, loginAgent } from './support/handoff-server';

const CUSTOMER = '+15553330001';
const SILENCE_MS = 300;

describe('handoff on SMS', () => {
  let api: FakeTwilioApi;
  let server: SwitchboardServer;
  let state: StateServices;
  let baseUrl: string;

  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    const config = loadConfig({
      env: {},
      overrides: {
        server: { port: 0, shutdownTimeoutMs: 2000, publicBaseUrl: PUBLIC_BASE_URL },
        webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
        channels: {
          twilio: {
            accountSid: TEST_ACCOUNT_SID,
            authToken: TEST_AUTH_TOKEN,
            phoneNumber: OUR_NUMBER,
            apiBaseUrl: api.baseUrl,
          },
        },
      },
    });
    state = createStateServices({});
    server = createDemoServer({
      config,
      logger: createSilentLogger(),
      state,
      transcripts: new MemoryTranscriptStore(),
      readIntent: stubIntentReader(),
      // Analytics in memory: tests never share the demo's .data/analytics.sqlite.
      analytics: { sqlitePath: ':memory:' },
      channels: [smsChannel({ restMaxRetries: 0 })],
    });
    baseUrl = `http://127.0.0.1:${await server.start()}`;
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  /** Posts a signed inbound SMS from the customer. */
  async function text(body: string): Promise<void> {
    const params = {
      MessageSid: fakeSid('SM'),
      AccountSid: TEST_ACCOUNT_SID,
      From: CUSTOMER,
      To: OUR_NUMBER,
      Body: body,
      NumMedia: '0',
    };
    const res = await fetch(`${baseUrl}/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign('/twilio/sms', params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
  }

  /** Waits for the `n`-th SMS to the customer (1-based) and returns its body. */
  async function nthSms(n: number): Promise<string> {
    await api.waitFor(n, (r) => r.kind === 'message' && r.params['To'] === CUSTOMER);
    return api.messagesTo(CUSTOMER)[n - 1] as string;
  }

  test('queue position by SMS, silent bot, agent replies by SMS, numbered CSAT answered with a digit', async () => {
    await text('talk to a person');
    expect(await nthSms(1)).toMatch(/^Connecting you to a person: you are number 1 in line, about 4 minutes/);

    const alice = await loginAgent(baseUrl, 'alice');
    const console = await ConsoleSocketClient.connect(baseUrl.replace(/^http/, 'ws'), alice.cookie);
    try {
      const { body } = await alice.call<{ handoff: { id: string; channelId: string } }>('POST', '/pick');
      expect(body.handoff.channelId).toBe('sms');
      expect(await nthSms(2)).toBe('You are now chatting with Alice Martin.');

      await text('my card is stuck in the ATM');
      await console.waitFor((f) => f.type === 'message' && f.line.text === 'my card is stuck in the ATM');
      await sleep(SILENCE_MS);
      expect(api.messagesTo(CUSTOMER)).toHaveLength(2);

      console.send({
        type: 'reply',
        id: 's1',
        handoffId: body.handoff.id,
        text: 'I have blocked the card. A new one is on its way.',
      });
      expect(await nthSms(3)).toBe('I have blocked the card. A new one is on its way.');

      await alice.call('POST', `/handoffs/${body.handoff.id}/resolve`, { disposition: 'card-replaced' });
      expect(await nthSms(4)).toMatch(
        /^Alice Martin closed the chat; you're back with the Acme assistant\. How was the help, 1 to 5\?\nReply 1 for Very poor, 2 for Poor, 3 for OK, 4 for Good, 5 for Excellent\.$/,
      );

      await text('4');
      expect(await nthSms(5)).toBe('Thank you for your feedback! Anything else I can help with?');
      const ratings = await new StorageCsatStore(state.storage).list(
        'sms',
        smsConversationId(CUSTOMER, OUR_NUMBER),
      );
      expect(ratings).toEqual([expect.objectContaining({ score: 4, handoffId: body.handoff.id })]);
    } finally {
      await console.close();
    }
  });
});
