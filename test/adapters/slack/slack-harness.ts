import { createHmac } from 'node:crypto';
import type { Middleware } from 'botbuilder-core';
import { SlackChannel } from '../../../adapters/slack/slack-channel';
import type { SlackChannelOptions } from '../../../adapters/slack/slack-options';
import { createAcmeBot } from '../../../dialogs/acme-bot';
import { loadConfig } from '../../../src/config/load-config';
import { createLogger } from '../../../src/logging/logger';
import { SwitchboardServer } from '../../../src/server/switchboard-server';
import { createStateServices } from '../../../src/state/state-services';
import { FakeSlackApi } from '../../support/fake-slack-api';
import { stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';

/** The signing secret of the test app. */
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
/** The test app's bot token. */
export const BOT_TOKEN = 'xoxb-test-0000-token';

/** One JSON log line. */
export type LogLine = Record<string, unknown> & { msg?: string; level: number; code?: string };

/** Headers Slack sends with a request: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackSignature(
  body: string,
  options: { secret?: string; timestampS?: number } = {},
): Record<string, string> {
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const hmac = createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`);
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${hmac.digest('hex')}` };
}

/** Options of {@link startSlackServer}. */
export interface SlackServerOptions {
  /** Channel options besides the logger, state and API URL. */
  channel?: Partial<Omit<SlackChannelOptions, 'logger' | 'state'>>;
  inner?: Middleware[];
  intents?: Record<string, string>;
}

/** A Switchboard server with the demo bot and the Slack channel, against a fake Slack Web API. */
export interface SlackTestServer {
  server: SwitchboardServer;
  channel: SlackChannel;
  api: FakeSlackApi;
  baseUrl: string;
  logs: LogLine[];
  /** POSTs a body to `/slack/events`, signed like Slack unless `headers` replace the signature. */
  post(body: string, options?: PostOptions): Promise<{ status: number; text: string; elapsedMs: number }>;
  /** Resolves when no turn is in flight (turns run after the acknowledgement). */
  settle(): Promise<void>;
  /** Log lines carrying an error code. */
  coded(code: string): LogLine[];
  close(): Promise<void>;
}

/** Options of one POST. */
export interface PostOptions {
  headers?: Record<string, string>;
  contentType?: string;
  /** Sign with this secret or timestamp instead. */
  secret?: string;
  timestampS?: number;
  unsigned?: boolean;
}

/** Starts the server on a free port, with memory state and a log captured in `logs`. */
export async function startSlackServer(options: SlackServerOptions = {}): Promise<SlackTestServer> {
  const api = await new FakeSlackApi().start();
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
    },
  });
  let channel: SlackChannel | undefined;
  const readIntent = stubIntentReader(options.intents);
  const server = new SwitchboardServer({
    config,
    logger,
    state: createStateServices({}),
    inner: options.inner,
    bot: ({ conversationState, userState }) => createAcmeBot({ conversationState, userState, readIntent }),
    channels: [
      (runtime) => {
        channel = new SlackChannel({
          signingSecret: SIGNING_SECRET,
          botToken: BOT_TOKEN,
          apiUrl: api.url,
          ...options.channel,
          logger: runtime.logger,
          state: runtime.state,
        });
        return channel;
      },
    ],
  });
  const port = await server.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    channel: channel as SlackChannel,
    api,
    baseUrl,
    logs,
    post: (body, postOptions) => post(`${baseUrl}/slack/events`, body, postOptions),
    settle: () => settle(server),
    coded: (code) => logs.filter((l) => l.code === code),
    close: async () => {
      await server.close();
      await api.close();
    },
  };
}

async function post(url: string, body: string, options: PostOptions = {}) {
  const signature = options.unsigned ? {} : slackSignature(body, options);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', ...signature, ...options.headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, elapsedMs: performance.now() - started };
}

/** Polls until the tracker is idle twice in a row (a turn starts right after its acknowledgement). */
async function settle(server: SwitchboardServer): Promise<void> {
  let idle = 0;
  for (let i = 0; i < 500 && idle < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    idle = server.tracker.size === 0 ? idle + 1 : 0;
  }
}
