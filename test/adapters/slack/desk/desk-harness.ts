import type { Middleware } from 'botbuilder-core';
import { DESK_ACTIONS_BLOCK_ID } from '../../../../adapters/slack/desk/desk-card';
import { SlackChannel } from '../../../../adapters/slack/slack-channel';
import { MemoryTranscriptStore } from '../../../../src/analytics/transcript-store';
import { loadConfig } from '../../../../src/config/load-config';
import type { ConfigInput } from '../../../../src/config/schema';
import { DEMO_AGENTS } from '../../../../src/console/demo-agents';
import { createDemoServer } from '../../../../src/demo/create-demo-server';
import { AgentDirectory } from '../../../../src/handoff/agents';
import { createLogger } from '../../../../src/logging/logger';
import type { SwitchboardServer } from '../../../../src/server/switchboard-server';
import type { StateServices } from '../../../../src/state/ports';
import { createStateServices } from '../../../../src/state/state-services';
import type { FakeSlackApi, FakeSlackCall } from '../../../support/fake-slack-api';
import { stubIntentReader } from '../../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../../support/test-server';
import { BOT_TOKEN, type PostOptions, SIGNING_SECRET, slackSignature } from '../slack-harness';
import { blockActionsBody, channelEvent, eventCallback, FORM, nextTs, TEAM } from '../slack-payloads';

/** The desk channels of the tests, per skill queue. */
export const DESK_CHANNELS = { general: 'C0DESKGENERAL', billing: 'C0DESKBILLING' } as const;

/** Slack users of the tests: three mapped agents and one stranger. */
export const SLACK_USERS = {
  alice: 'U0ALICE',
  sam: 'U0SAM',
  carol: 'U0CAROL',
  stranger: 'U0STRANGER',
} as const;

/** The demo agents plus Carol, who serves only the cards queue. */
export const DESK_DIRECTORY = new AgentDirectory([
  ...DEMO_AGENTS,
  { ...(DEMO_AGENTS[0] as (typeof DEMO_AGENTS)[number]), id: 'carol', name: 'Carol Diaz', skills: ['cards'] },
]);

/** Customer-bot turns seen on Slack (a desk payload must never appear here). */
export interface SeenTurn {
  channelId: string;
  conversationId: string;
  text?: string;
  type: string;
}

/** A demo server with the Slack channel and the desk, against a shared fake Slack Web API. */
export interface DeskTestServer {
  server: SwitchboardServer;
  state: StateServices;
  baseUrl: string;
  wsUrl: string;
  /** Slack turns that reached the customer bot. */
  slackTurns: SeenTurn[];
  /** Warnings and errors logged (JSON lines). */
  logs: Array<Record<string, unknown>>;
  /** POSTs to `/slack/events`, signed like Slack unless told otherwise. */
  post(body: string, options?: PostOptions): Promise<number>;
  close(): Promise<void>;
}

/** Options of {@link startDeskServer}. */
export interface DeskServerOptions {
  api: FakeSlackApi;
  redisUrl?: string;
  keyPrefix?: string;
  /** Handoff settings (e.g. a short wait timeout). */
  handoff?: ConfigInput['handoff'];
}

/** Starts the demo bot with handoff, the Slack channel and `channels.slack.desk` configured. */
export async function startDeskServer(options: DeskServerOptions): Promise<DeskTestServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      redisUrl: options.redisUrl,
      turnLock: { waitMs: 5_000, ttlMs: 10_000 },
      handoff: options.handoff,
      channels: {
        slack: {
          desk: {
            channels: { ...DESK_CHANNELS },
            agents: {
              [SLACK_USERS.alice]: 'alice',
              [SLACK_USERS.sam]: 'sam',
              [SLACK_USERS.carol]: 'carol',
            },
          },
        },
      },
    },
  });
  const state = createStateServices({ redisUrl: options.redisUrl, keyPrefix: options.keyPrefix });
  const slackTurns: SeenTurn[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  const recorder: Middleware = {
    onTurn: async (context, next) => {
      const { channelId, conversation, text, type } = context.activity;
      if (channelId === 'slack') slackTurns.push({ channelId, conversationId: conversation.id, text, type });
      await next();
    },
  };
  const server = createDemoServer({
    config,
    logger,
    state,
    transcripts: new MemoryTranscriptStore(),
    readIntent: stubIntentReader(),
    inner: [recorder],
    analytics: false,
    handoff: { keyPrefix: options.keyPrefix, directory: DESK_DIRECTORY },
    channels: [
      (runtime) =>
        new SlackChannel({
          signingSecret: SIGNING_SECRET,
          botToken: BOT_TOKEN,
          apiUrl: options.api.url,
          logger: runtime.logger,
          state: runtime.state,
        }),
    ],
  });
  const port = await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    state,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    slackTurns,
    logs,
    post: (body, postOptions) => postSigned(`${baseUrl}/slack/events`, body, postOptions),
    close: () => server.close(),
  };
}

async function postSigned(url: string, body: string, options: PostOptions = {}): Promise<number> {
  const signature = options.unsigned ? {} : slackSignature(body, options);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...signature, ...options.headers },
    body,
  });
  await res.text();
  return res.status;
}

/** Top-level posts (cards) in a desk channel. */
export function cardsIn(api: FakeSlackApi, channel: string): FakeSlackCall[] {
  return api.succeeded('chat.postMessage', channel).filter((c) => c.params['thread_ts'] === undefined);
}

/** Waits for the card whose blocks contain `marker` (e.g. a customer line of its summary). */
export async function waitForCard(
  api: FakeSlackApi,
  channel: string,
  marker: string,
): Promise<FakeSlackCall> {
  const find = () => cardsIn(api, channel).find((c) => JSON.stringify(c.params['blocks']).includes(marker));
  await api.waitFor(() => find() !== undefined, 10_000);
  return find() as FakeSlackCall;
}

/** The handoff id a card's button carries. */
export function handoffIdOf(card: FakeSlackCall): string {
  const blocks = card.params['blocks'] as Array<{ block_id?: string; elements?: Array<{ value?: string }> }>;
  const value = blocks.find((b) => b.block_id === DESK_ACTIONS_BLOCK_ID)?.elements?.[0]?.value;
  if (!value) throw new Error(`card without a desk button: ${JSON.stringify(blocks)}`);
  return value;
}

/** The card's `ts` (its thread). */
export function tsOf(card: FakeSlackCall): string {
  return card.response['ts'] as string;
}

/** Posts in a card's thread (`thread_ts` = the card's ts). */
export function threadPosts(api: FakeSlackApi, channel: string, card: FakeSlackCall): FakeSlackCall[] {
  return api.succeeded('chat.postMessage', channel).filter((c) => c.params['thread_ts'] === tsOf(card));
}

/** `chat.update`s of a card. */
export function cardUpdates(api: FakeSlackApi, card: FakeSlackCall): FakeSlackCall[] {
  return api.succeeded('chat.update').filter((c) => c.params['ts'] === tsOf(card));
}

/** Ephemeral answers to one Slack user. */
export function ephemeralsTo(api: FakeSlackApi, user: string): string[] {
  return api
    .succeeded('chat.postEphemeral')
    .flatMap((c) => (c.params['user'] === user ? [String(c.params['text'])] : []));
}

/** A click on a card's desk button by `user`, as Slack sends it (form-encoded `payload=`). */
export function deskClick(options: {
  card: FakeSlackCall;
  user: string;
  action: 'claim' | 'resolve';
  handoffId?: string;
}): string {
  const { card, user, action } = options;
  return blockActionsBody({
    channel: card.params['channel'] as string,
    user,
    message: {
      ts: tsOf(card),
      text: card.params['text'] as string,
      blocks: card.params['blocks'] as unknown[],
    },
    button: {
      value: options.handoffId ?? handoffIdOf(card),
      title: action === 'claim' ? 'Claim' : 'Resolve',
      actionId: `swb_desk_${action}`,
      blockId: DESK_ACTIONS_BLOCK_ID,
    },
  });
}

/** A reply in a card's thread by `user`, as an Events API body. */
export function threadReply(card: FakeSlackCall, user: string, text: string): string {
  const channel = card.params['channel'] as string;
  return eventCallback(channelEvent(channel, text, { user, thread_ts: tsOf(card), ts: nextTs() }));
}

/** A `/switchboard …` slash command body (form-encoded), as Slack sends it. */
export function slashCommand(options: { channel: string; user: string; text: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'fake',
    channel_id: options.channel,
    channel_name: 'desk',
    user_id: options.user,
    user_name: options.user.toLowerCase(),
    command: '/switchboard',
    text: options.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.invalid/commands/T0FAKE/1/x',
    trigger_id: `${Date.now()}.trigger`,
  }).toString();
}

export { FORM };
