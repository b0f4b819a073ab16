/**
 * The demo server with analytics (in-memory SQLite), handoff, an audit log and the SMS channel
 * (fake Twilio REST API, webhooks signed with the real algorithm): a customer can talk on web chat
 * and by SMS, and agents see their profile in the console.
 */

import { smsChannel } from '../../../adapters/twilio-sms/sms-channel';
import { MemoryAuditLog } from '../../../src/audit/memory-audit-log';
import { loadConfig } from '../../../src/config/load-config';
import { createDemoServer } from '../../../src/demo/create-demo-server';
import { createSilentLogger } from '../../../src/logging/logger';
import type { SwitchboardServer } from '../../../src/server/switchboard-server';
import { SqliteDatabase } from '../../../src/sql/sqlite-database';
import { createStateServices } from '../../../src/state/state-services';
import {
  fakeSid,
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  sign,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../../adapters/twilio-sms/twilio-test-server';
import { HttpCustomer } from '../../analytics/support/analytics-server';
import { waitUntil } from '../../analytics/support/wait';
import { type FakeTwilioApi, startFakeTwilioApi } from '../../support/fake-twilio-api';
import { DEFAULT_STUB_INTENTS, stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';

/** The running server. */
export interface ProfileTestServer {
  server: SwitchboardServer;
  baseUrl: string;
  api: FakeTwilioApi;
  audit: MemoryAuditLog;
  /** Texts the bot from `from`; resolves with the bot's SMS replies to this message. */
  text(from: string, body: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Maria's phone on the fake Acme Bank account cust-1001. */
export const MARIA_PHONE = '+12025550101';

const INTENTS = { ...DEFAULT_STUB_INTENTS, 'i lost my card': 'report_lost_card' };

/** Starts the server on a free port; `analytics: false` turns analytics off. */
export async function startProfileServer(options: { analytics?: false } = {}): Promise<ProfileTestServer> {
  const api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const audit = new MemoryAuditLog();
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000, publicBaseUrl: PUBLIC_BASE_URL },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      handoff: { positionUpdateIntervalMs: 60_000 },
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
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state: createStateServices({}),
    readIntent: stubIntentReader(INTENTS),
    channels: [smsChannel({ restMaxRetries: 0 })],
    audit,
    analytics:
      options.analytics === false
        ? false
        : {
            db: new SqliteDatabase({ path: ':memory:' }),
            buffer: { flushIntervalMs: 20, initialBackoffMs: 20, maxBackoffMs: 100 },
          },
  });
  const baseUrl = `http://127.0.0.1:${await server.start()}`;
  return {
    server,
    baseUrl,
    api,
    audit,
    text: async (from, body) => {
      const before = api.messagesTo(from).length;
      const params = {
        MessageSid: fakeSid('SM'),
        AccountSid: TEST_ACCOUNT_SID,
        From: from,
        To: OUR_NUMBER,
        Body: body,
      };
      const res = await fetch(`${baseUrl}/twilio/sms`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': sign('/twilio/sms', params),
        },
        body: new URLSearchParams(params).toString(),
      });
      if (res.status !== 200) throw new Error(`sms webhook: HTTP ${res.status}`);
      // The SMS turn runs after the webhook answered: wait for the reply to reach the REST API.
      await waitUntil(() => api.messagesTo(from).length > before);
      return api.messagesTo(from).slice(before);
    },
    close: async () => {
      await server.close();
      await api.close();
    },
  };
}

/** A web chat customer who reported a lost card, was identified by phone, then asked for a person (cards queue). */
export async function identifiedWebCustomer(baseUrl: string): Promise<HttpCustomer> {
  const web = await HttpCustomer.start(baseUrl);
  expect(await web.say('i lost my card')).toContain("First, what's the mobile number on your Acme account?");
  expect(await web.say('202-555-0101')).toContain('Thanks, Maria.');
  expect((await web.say('talk to a person')).join(' ')).toContain('Connecting you to a person');
  return web;
}
