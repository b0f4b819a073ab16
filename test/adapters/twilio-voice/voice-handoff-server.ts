/**
 * A Switchboard process with the voice channel and human handoff wired as a deployment wires them
 * (`createHandoff`, `voiceHandoffModule` before the handoff module), the Acme bot on stub intents,
 * and its REST client pointed at a fake Twilio API. Alice has a phone; Bob does not. Two of these
 * on one Redis and one fake API are two processes of one deployment.
 */
import twilio from 'twilio';
import { type VoiceChannel, voiceChannel } from '../../../adapters/twilio-voice/voice-channel';
import { voiceHandoffModule } from '../../../adapters/twilio-voice/voice-handoff-module';
import { createAcmeBot } from '../../../dialogs/acme-bot';
import { createHandoffDialogs } from '../../../dialogs/handoff/handoff-dialogs';
import { MemoryTranscriptStore } from '../../../src/analytics/transcript-store';
import { createHandoff, type HandoffWiring } from '../../../src/bot/handoff/create-handoff';
import { loadConfig } from '../../../src/config/load-config';
import { DEMO_AGENTS } from '../../../src/console/demo-agents';
import { AgentDirectory, type AgentIdentity } from '../../../src/handoff/agents';
import { createSilentLogger } from '../../../src/logging/logger';
import { SwitchboardServer } from '../../../src/server/switchboard-server';
import type { StateServices } from '../../../src/state/ports';
import { createStateServices } from '../../../src/state/state-services';
import type { FakeTwilioApi } from '../../support/fake-twilio-api';
import { stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';
import {
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../twilio-sms/twilio-test-server';

/** Alice's phone: the number her calls go to. */
export const ALICE_PHONE = '+15557770001';

/** The agents: the demo accounts, Alice with a phone. */
export const VOICE_AGENTS = new AgentDirectory(
  DEMO_AGENTS.map((a) => (a.id === 'alice' ? { ...a, phone: ALICE_PHONE } : a)),
);
export const ALICE = VOICE_AGENTS.get('alice') as AgentIdentity;
export const BOB = VOICE_AGENTS.get('bob') as AgentIdentity;

/** One running process. */
export interface VoiceHandoffTestServer {
  server: SwitchboardServer;
  state: StateServices;
  handoff: HandoffWiring;
  voice: VoiceChannel;
  baseUrl: string;
  api: FakeTwilioApi;
  /** Posts a webhook signed for PUBLIC_BASE_URL + `path` (with its query); `signature: null` sends none. */
  post(
    path: string,
    params: Record<string, string>,
    options?: { signature?: string | null },
  ): Promise<{ status: number; contentType: string; body: string }>;
  close(): Promise<void>;
}

/** Options of {@link startVoiceHandoffServer}. */
export interface VoiceHandoffServerOptions {
  api: FakeTwilioApi;
  redisUrl?: string;
  keyPrefix?: string;
  waitTimeoutMs?: number;
}

/** Signs like Twilio: HMAC-SHA1 over PUBLIC_BASE_URL + path (and query) + sorted params. */
export function signFor(path: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
}

/** Starts one process on a free port. */
export async function startVoiceHandoffServer(
  options: VoiceHandoffServerOptions,
): Promise<VoiceHandoffTestServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000, publicBaseUrl: PUBLIC_BASE_URL },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      redisUrl: options.redisUrl,
      turnLock: { waitMs: 5_000, ttlMs: 10_000 },
      handoff: { positionUpdateIntervalMs: 200, waitTimeoutMs: options.waitTimeoutMs ?? 120_000 },
      channels: {
        twilio: {
          accountSid: TEST_ACCOUNT_SID,
          authToken: TEST_AUTH_TOKEN,
          phoneNumber: OUR_NUMBER,
          apiBaseUrl: options.api.baseUrl,
        },
      },
    },
  });
  const logger = createSilentLogger();
  const state = createStateServices({ redisUrl: options.redisUrl, keyPrefix: options.keyPrefix });
  const transcripts = new MemoryTranscriptStore();
  const handoff = createHandoff({
    config,
    state,
    logger,
    transcripts,
    directory: VOICE_AGENTS,
    dialogs: createHandoffDialogs({ storage: state.storage }),
    keyPrefix: options.keyPrefix,
  });
  const link = {
    service: handoff.services.service,
    bus: state.bus,
    agentPhone: (id: string) => VOICE_AGENTS.phoneOf(id),
  };
  const mounted: { voice?: VoiceChannel } = {};
  const server = new SwitchboardServer({
    config,
    logger,
    state,
    transcripts,
    gate: [handoff.gate],
    modules: [voiceHandoffModule(link), handoff.module],
    channels: [(runtime) => (mounted.voice = voiceChannel({ restMaxRetries: 0 })(runtime))],
    bot: ({ conversationState, userState }) =>
      createAcmeBot({
        conversationState,
        userState,
        readIntent: stubIntentReader(),
        escalator: handoff.escalator,
      }),
  });
  const baseUrl = `http://127.0.0.1:${await server.start()}`;
  return {
    server,
    state,
    handoff,
    voice: mounted.voice as VoiceChannel,
    baseUrl,
    api: options.api,
    post: (path, params, postOptions = {}) => post(baseUrl, path, params, postOptions.signature),
    close: () => server.close(),
  };
}

async function post(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  signature: string | null = signFor(path, params),
): Promise<{ status: number; contentType: string; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}
