/**
 * A full demo deployment for the security suites: web chat, Slack (against a fake Web API), SMS
 * and voice (against a fake Twilio API), the agent console, analytics (SQLite in memory) and an
 * in-memory audit log, on a free loopback port. Requests are signed with the real algorithms.
 */
import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { loadConfig } from '../../src/config/load-config';
import type { ConfigInput } from '../../src/config/schema';
import { DEMO_AGENTS, DEMO_PASSWORDS } from '../../src/console/demo-agents';
import { configuredChannels } from '../../src/demo/configured-channels';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { AgentDirectory } from '../../src/handoff/agents';
import { createSilentLogger } from '../../src/logging/logger';
import type { SwitchboardServer } from '../../src/server/switchboard-server';
import type { StateServices } from '../../src/state/ports';
import { createStateServices } from '../../src/state/state-services';
import { FakeSlackApi } from '../support/fake-slack-api';
import { type FakeTwilioApi, startFakeTwilioApi } from '../support/fake-twilio-api';
import { stubIntentReader } from '../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../support/test-server';

export const SLACK_SIGNING_SECRET = 'security-signing-secret-0123456789abcdef';
export const TWILIO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_AUTH_TOKEN = 'security-auth-token-0123456789abcd';
export const OUR_NUMBER = '+15550001111';
/** What Twilio calls: a proxy in front, requests arrive at 127.0.0.1. */
export const PUBLIC_BASE_URL = 'https://bot.example.com';

/** The running deployment and its fakes. */
export interface SecurityServer {
  server: SwitchboardServer;
  state: StateServices;
  baseUrl: string;
  port: number;
  slack: FakeSlackApi;
  twilio: FakeTwilioApi;
  audit: MemoryAuditLog;
  close(): Promise<void>;
}

/** Starts the deployment; `config` is merged over the test configuration. */
export async function startSecurityServer(
  options: { config?: ConfigInput; redisUrl?: string; keyPrefix?: string; directory?: AgentDirectory } = {},
): Promise<SecurityServer> {
  const slack = await new FakeSlackApi().start();
  const fakeTwilio = await startFakeTwilioApi({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
  });
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000, publicBaseUrl: PUBLIC_BASE_URL },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      channels: {
        slack: { signingSecret: SLACK_SIGNING_SECRET, botToken: 'xoxb-security-test', apiUrl: slack.url },
        twilio: {
          accountSid: TWILIO_ACCOUNT_SID,
          authToken: TWILIO_AUTH_TOKEN,
          phoneNumber: OUR_NUMBER,
          apiBaseUrl: fakeTwilio.baseUrl,
        },
      },
      ...options.config,
    },
  });
  const state = createStateServices({ redisUrl: options.redisUrl, keyPrefix: options.keyPrefix });
  const audit = new MemoryAuditLog();
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state,
    readIntent: stubIntentReader(),
    channels: configuredChannels(config),
    analytics: { sqlitePath: ':memory:' },
    audit,
    handoff: { directory: options.directory ?? securityAgents(), keyPrefix: options.keyPrefix },
  });
  const port = await server.start();
  return {
    server,
    state,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    slack,
    twilio: fakeTwilio,
    audit,
    close: async () => {
      await server.close();
      await slack.close();
      await fakeTwilio.close();
    },
  };
}

/** Slack's request signature headers: `v0=` HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackHeaders(
  body: string,
  options: { secret?: string; timestampS?: number } = {},
): Record<string, string> {
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const hmac = createHmac('sha256', options.secret ?? SLACK_SIGNING_SECRET).update(`v0:${timestamp}:${body}`);
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${hmac.digest('hex')}` };
}

/** Twilio's `X-Twilio-Signature` for `params` posted to `path` (HMAC-SHA1 over URL + sorted params). */
export function twilioSignature(
  path: string,
  params: Record<string, string>,
  token = TWILIO_AUTH_TOKEN,
): string {
  return twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}${path}`, params);
}

/**
 * The demo agents plus `carol` (agent, billing only: never sees the default `general` queue) and
 * `ada` (admin). Passwords: {@link AGENT_PASSWORDS}.
 */
export function securityAgents(): AgentDirectory {
  const hashOf = (id: string) => DEMO_AGENTS.find((a) => a.id === id)?.passwordHash as string;
  return new AgentDirectory([
    ...DEMO_AGENTS,
    { id: 'carol', name: 'Carol Diaz', skills: ['billing'], role: 'agent', passwordHash: hashOf('alice') },
    { id: 'ada', name: 'Ada Admin', skills: ['general'], role: 'admin', passwordHash: hashOf('sam') },
  ]);
}

/** Passwords of {@link securityAgents}. */
export const AGENT_PASSWORDS: Readonly<Record<string, string>> = {
  ...DEMO_PASSWORDS,
  carol: DEMO_PASSWORDS['alice'] as string,
  ada: DEMO_PASSWORDS['sam'] as string,
};
