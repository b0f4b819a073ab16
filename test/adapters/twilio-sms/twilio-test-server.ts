/**
 * A Switchboard server with the SMS and voice channels, the demo bot (stub intents) and a fake
 * Twilio REST API, plus signed webhook posting. Shared by the SMS and voice tests and the voice
 * latency benchmark.
 */
import { request } from 'node:http';
import type { Activity } from 'botbuilder-core';
import twilio from 'twilio';
import { type SmsChannel, type SmsChannelInput, smsChannel } from '../../../adapters/twilio-sms/sms-channel';
import {
  type VoiceChannel,
  type VoiceChannelInput,
  voiceChannel,
} from '../../../adapters/twilio-voice/voice-channel';
import { createAcmeBot } from '../../../dialogs/acme-bot';
import type { IntentReader } from '../../../dialogs/intent';
import { loadConfig } from '../../../src/config/load-config';
import { createSilentLogger } from '../../../src/logging/logger';
import { SwitchboardServer } from '../../../src/server/switchboard-server';
import type { StateServices } from '../../../src/state/ports';
import { createStateServices } from '../../../src/state/state-services';
import { type FakeTwilioApi, startFakeTwilioApi } from '../../support/fake-twilio-api';
import { DEFAULT_STUB_INTENTS, stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';

export const TEST_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const TEST_AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const OUR_NUMBER = '+15550001111';
/** What Twilio calls: a proxy in front rewrites the host, so requests arrive at 127.0.0.1. */
export const PUBLIC_BASE_URL = 'https://bot.example.com';
/** A text that makes the stub bot's intent reader throw (a failing turn). */
export const EXPLODING_TEXT = 'explode';

/** A webhook's answer. */
export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Options of one post. */
export interface PostOptions {
  /** Default: a valid signature. `null`: no header. A string: that header value. */
  signature?: string | null;
  /** Raw body instead of the form encoding of `params` (the signature still covers `params`). */
  rawBody?: Buffer;
  headers?: Record<string, string>;
}

/** The running server, its channels and the fake API. */
export interface TwilioTestServer {
  server: SwitchboardServer;
  /** The state services (memory) the server, the bot and the channels share. */
  state: StateServices;
  baseUrl: string;
  api: FakeTwilioApi;
  sms: SmsChannel;
  voice: VoiceChannel;
  /** The activities the bot's intent reader saw (what reached the dialogs), in order. */
  seen: Array<Partial<Activity>>;
  post(path: string, params: Record<string, string>, options?: PostOptions): Promise<WebhookResponse>;
  /** Waits until no turn is in flight (SMS turns run after the webhook answered). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startTwilioTestServer}. */
export interface TwilioTestServerOptions {
  sms?: Partial<SmsChannelInput>;
  voice?: Partial<VoiceChannelInput>;
  intents?: Record<string, string>;
}

/** Signs `params` for `path` the way Twilio does (HMAC-SHA1 over PUBLIC_BASE_URL + path + params). */
export function sign(path: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
}

/** The test configuration: a public URL behind a proxy, the REST client pointed at the fake. */
function testConfig(apiBaseUrl: string) {
  return loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000, publicBaseUrl: PUBLIC_BASE_URL },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      channels: {
        twilio: {
          accountSid: TEST_ACCOUNT_SID,
          authToken: TEST_AUTH_TOKEN,
          phoneNumber: OUR_NUMBER,
          apiBaseUrl,
        },
      },
    },
  });
}

/** The stub intent reader, recording what reached the dialogs; {@link EXPLODING_TEXT} makes it throw. */
function spyingIntentReader(
  seen: Array<Partial<Activity>>,
  intents: Record<string, string> = {},
): IntentReader {
  const stub = stubIntentReader({ ...DEFAULT_STUB_INTENTS, ...intents });
  return (context) => {
    seen.push({ ...context.activity });
    if (context.activity.text === EXPLODING_TEXT) throw new Error('the bot failed');
    return stub(context);
  };
}

/** Starts everything on free loopback ports. */
export async function startTwilioTestServer(
  options: TwilioTestServerOptions = {},
): Promise<TwilioTestServer> {
  const api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const seen: Array<Partial<Activity>> = [];
  const state = createStateServices({});
  const readIntent = spyingIntentReader(seen, options.intents);
  const channels: { sms?: SmsChannel; voice?: VoiceChannel } = {};
  const server = new SwitchboardServer({
    config: testConfig(api.baseUrl),
    logger: createSilentLogger(),
    state,
    channels: [
      (runtime) => (channels.sms = smsChannel({ restMaxRetries: 0, ...options.sms })(runtime)),
      (runtime) => (channels.voice = voiceChannel(options.voice)(runtime)),
    ],
    bot: ({ conversationState, userState }) => createAcmeBot({ conversationState, userState, readIntent }),
  });
  const baseUrl = `http://127.0.0.1:${await server.start()}`;
  return {
    server,
    state,
    baseUrl,
    api,
    sms: channels.sms as SmsChannel,
    voice: channels.voice as VoiceChannel,
    seen,
    post: (path, params, postOptions) => postWebhook(baseUrl, path, params, postOptions),
    settle: () => settle(server),
    close: async () => {
      await server.close();
      await api.close();
    },
  };
}

function postWebhook(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  options: PostOptions = {},
): Promise<WebhookResponse> {
  const body = options.rawBody ?? Buffer.from(new URLSearchParams(params).toString());
  const signature = options.signature === undefined ? sign(path, params) : options.signature;
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': body.length,
    ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function settle(server: SwitchboardServer): Promise<void> {
  const deadline = Date.now() + 5000;
  await new Promise((resolve) => setImmediate(resolve));
  while (server.tracker.size > 0) {
    if (Date.now() > deadline) throw new Error('turns still in flight after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A random Twilio-shaped SID. */
export function fakeSid(prefix: string): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(Math.random() * 16).toString(16);
  return `${prefix}${hex}`;
}
