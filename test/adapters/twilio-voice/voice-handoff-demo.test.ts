/**
 * The demo composition root wires handoff on a call by itself: with the voice channel mounted,
 * `createDemoServer` attaches its handoff to it (`voiceHandoffModule`), so an escalated call is
 * queued in Twilio and an agent with a phone in the agents file is dialled.
 */
import { voiceChannel } from '../../../adapters/twilio-voice/voice-channel';
import { MemoryTranscriptStore } from '../../../src/analytics/transcript-store';
import { loadConfig } from '../../../src/config/load-config';
import { createDemoServer } from '../../../src/demo/create-demo-server';
import { createSilentLogger } from '../../../src/logging/logger';
import type { SwitchboardServer } from '../../../src/server/switchboard-server';
import { createStateServices } from '../../../src/state/state-services';
import { type FakeTwilioApi, startFakeTwilioApi } from '../../support/fake-twilio-api';
import { stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';
import {
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../twilio-sms/twilio-test-server';
import { findAll, findOne, textOf } from './twiml-xml';
import { type CallerServer, VoiceCaller } from './voice-caller';
import { signFor, VOICE_AGENTS } from './voice-handoff-server';

describe('createDemoServer: handoff on a call out of the box', () => {
  let api: FakeTwilioApi;
  let server: SwitchboardServer;
  let t: CallerServer;

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
    server = createDemoServer({
      config,
      logger: createSilentLogger(),
      state: createStateServices({}),
      transcripts: new MemoryTranscriptStore(),
      readIntent: stubIntentReader(),
      // Analytics in memory: tests never share the demo's .data/analytics.sqlite.
      analytics: { sqlitePath: ':memory:' },
      channels: [voiceChannel({ restMaxRetries: 0 })],
      handoff: { directory: VOICE_AGENTS },
    });
    const baseUrl = `http://127.0.0.1:${await server.start()}`;
    t = {
      api,
      post: async (path, params) => {
        const res = await fetch(`${baseUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signFor(path, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        return {
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          body: await res.text(),
        };
      },
    };
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  it('an escalated call is answered with <Enqueue> named after its handoff', async () => {
    const caller = new VoiceCaller(t);
    const { queue, doc } = await caller.escalate();
    expect(queue).toMatch(/^h-[0-9a-f-]{36}$/);
    expect(findAll(doc, 'Gather')).toHaveLength(0);
    expect(findOne(doc, 'Enqueue').attributes['waitUrl']).toBe(`${PUBLIC_BASE_URL}/twilio/voice/wait`);
    expect(textOf(findOne(await caller.wait(), 'Say'))).toMatch(/^You are next in line\./);
    expect((await caller.leftQueue('hangup', 'completed')).children).toEqual([]);
  });
});
