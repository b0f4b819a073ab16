/**
 * The escalation path on Slack, through signed Events API requests and the fake Web API: the
 * customer is told their place in line in the DM, the bot stays silent while the agent serves
 * them, the agent's replies are posted in the DM, and on resolve the CSAT question comes with Block
 * Kit buttons; a click is recorded.
 */
import { SlackChannel } from '../../adapters/slack/slack-channel';
import { StorageCsatStore } from '../../dialogs/handoff/handoff-outcome-store';
import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { loadConfig } from '../../src/config/load-config';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { createSilentLogger } from '../../src/logging/logger';
import type { SwitchboardServer } from '../../src/server/switchboard-server';
import type { StateServices } from '../../src/state/ports';
import { createStateServices } from '../../src/state/state-services';
import { BOT_TOKEN, SIGNING_SECRET, slackSignature } from '../adapters/slack/slack-harness';
import {
  blockActionsBody,
  dmEvent,
  eventCallback,
  FORM,
  TEAM,
  uniqueId,
} from '../adapters/slack/slack-payloads';
import { FakeSlackApi } from '../support/fake-slack-api';
import { stubIntentReader } from '../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../support/test-server';
import { sleep } from '../support/time';
import { ConsoleSocketClient, loginAgent } from './support/handoff-server';

const SILENCE_MS = 300;

describe('handoff on Slack', () => {
  let api: FakeSlackApi;
  let server: SwitchboardServer;
  let state: StateServices;
  let baseUrl: string;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    const config = loadConfig({
      env: {},
      overrides: {
        server: { port: 0, shutdownTimeoutMs: 2000 },
        webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
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
      channels: [
        (runtime) =>
          new SlackChannel({
            signingSecret: SIGNING_SECRET,
            botToken: BOT_TOKEN,
            apiUrl: api.url,
            logger: runtime.logger,
            state: runtime.state,
          }),
      ],
    });
    baseUrl = `http://127.0.0.1:${await server.start()}`;
  });
  afterAll(async () => {
    await server?.close();
    await api?.close();
  });

  async function post(body: string, contentType = 'application/json'): Promise<void> {
    const res = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...slackSignature(body) },
      body,
    });
    expect(res.status).toBe(200);
  }

  test('place in line in the DM, silent bot, agent replies posted, CSAT buttons clicked and recorded', async () => {
    const dm = uniqueId('D');
    const posts = () => api.succeeded('chat.postMessage', dm);
    const nth = async (n: number) => {
      await api.waitFor(() => posts().length >= n);
      return posts()[n - 1];
    };
    await post(eventCallback(dmEvent(dm, 'talk to a person')));
    expect((await nth(1))?.params['text']).toMatch(/^Connecting you to a person: you are number 1 in line/);

    const alice = await loginAgent(baseUrl, 'alice');
    const console = await ConsoleSocketClient.connect(baseUrl.replace(/^http/, 'ws'), alice.cookie);
    try {
      const { body } = await alice.call<{
        handoff: { id: string; channelId: string; conversationId: string };
      }>('POST', '/pick');
      expect(body.handoff).toMatchObject({ channelId: 'slack', conversationId: `${TEAM}:${dm}` });
      expect((await nth(2))?.params['text']).toBe('You are now chatting with Alice Martin.');

      await post(eventCallback(dmEvent(dm, 'my card was declined')));
      await console.waitFor((f) => f.type === 'message' && f.line.text === 'my card was declined');
      await sleep(SILENCE_MS);
      expect(posts()).toHaveLength(2);

      console.send({
        type: 'reply',
        id: 'k1',
        handoffId: body.handoff.id,
        text: 'Let me look at your card.',
      });
      expect((await nth(3))?.params['text']).toContain('Let me look at your card.');

      await alice.call('POST', `/handoffs/${body.handoff.id}/resolve`, { disposition: 'solved' });
      const csat = await nth(4);
      expect(csat?.params['text']).toMatch(/How would you rate the help you got/);
      expect(JSON.stringify(csat?.params['blocks'])).toContain('Excellent');

      const message = {
        ts: csat?.response['ts'] as string,
        text: csat?.params['text'] as string,
        blocks: csat?.params['blocks'] as unknown[],
      };
      await post(
        blockActionsBody({ channel: dm, message, button: { value: '5', title: 'Excellent' } }),
        FORM,
      );
      await api.waitFor(() =>
        posts().some(
          (p) => p.params['text'] === 'Thank you for your feedback! Anything else I can help with?',
        ),
      );
      const ratings = await new StorageCsatStore(state.storage).list('slack', body.handoff.conversationId);
      expect(ratings).toEqual([expect.objectContaining({ score: 5, handoffId: body.handoff.id })]);
    } finally {
      await console.close();
    }
  });
});
