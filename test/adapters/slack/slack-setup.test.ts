import { MemoryStorage } from 'botbuilder-core';
import { EnvInstallationStore, StorageInstallationStore } from '../../../adapters/slack/installation-store';
import { createSlackChannelFromConfig } from '../../../adapters/slack/slack-channel';
import {
  isSlackEnabled,
  parseSlackChannelOptions,
  type SlackChannelOptions,
  slackOptionsFromConfig,
} from '../../../adapters/slack/slack-options';
import { loadConfig } from '../../../src/config/load-config';
import { createSilentLogger } from '../../../src/logging/logger';
import { createStateServices } from '../../../src/state/state-services';
import { BOT_TOKEN, SIGNING_SECRET, startSlackServer } from './slack-harness';
import { dmEvent, eventCallback, uniqueId } from './slack-payloads';

const state = createStateServices({});
const base = { logger: createSilentLogger(), state };
afterAll(() => state.close());

describe('Slack channel options', () => {
  const problemsOf = (options: Partial<SlackChannelOptions>) => {
    try {
      parseSlackChannelOptions({ ...base, ...options });
      return undefined;
    } catch (error) {
      return error as Error & { code: string };
    }
  };

  it('refuses a missing signing secret, naming SLACK_SIGNING_SECRET and how to disable the channel', () => {
    const error = problemsOf({ botToken: BOT_TOKEN });
    expect(error?.code).toBe('SWB_ERR_CONFIG_INVALID');
    expect(error?.message).toContain('SLACK_SIGNING_SECRET is not set');
    expect(error?.message).toContain('channels.slack.enabled: false');
  });

  it('reports every problem at once, never printing secrets', () => {
    const error = problemsOf({ apiUrl: 'ftp://x', retry: { maxRateLimitRetries: -1 } });
    expect(error?.message).toMatch(/apiUrl/);
    expect(error?.message).toMatch(/maxRateLimitRetries/);
    expect(error?.message).toContain('(4 problem(s))');
    const missing = problemsOf({});
    expect(missing?.message).toContain('SLACK_SIGNING_SECRET');
    expect(missing?.message).toContain('SLACK_BOT_TOKEN');
    expect(
      problemsOf({
        signingSecret: SIGNING_SECRET,
        botToken: 'xoxb-secret-value',
        teamId: 'T1',
        unknown: 1,
      } as Partial<SlackChannelOptions>)?.message,
    ).not.toContain('xoxb-secret-value');
  });

  it('needs exactly one of a bot token and an installation store', () => {
    const installations = new EnvInstallationStore({ botToken: BOT_TOKEN });
    expect(
      problemsOf({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, installations })?.message,
    ).toContain('not both');
    expect(problemsOf({ signingSecret: SIGNING_SECRET, installations })).toBeUndefined();
  });

  it('accepts Socket Mode without a signing secret', () => {
    expect(problemsOf({ botToken: BOT_TOKEN, socketMode: { appToken: 'xapp-1' } })).toBeUndefined();
  });
});

describe('Slack configuration (environment)', () => {
  const config = (env: Record<string, string>) => loadConfig({ env });

  it('is enabled by any Slack setting and disabled by SLACK_ENABLED=false', () => {
    expect(isSlackEnabled(config({}))).toBe(false);
    expect(isSlackEnabled(config({ SLACK_BOT_TOKEN: BOT_TOKEN }))).toBe(true);
    expect(isSlackEnabled(config({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_ENABLED: 'false' }))).toBe(false);
    expect(createSlackChannelFromConfig(config({}))).toBeUndefined();
  });

  it('maps SLACK_* variables to the channel options', () => {
    const env = {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      SLACK_TEAM_ID: 'T1',
    };
    expect(slackOptionsFromConfig(config(env), base)).toMatchObject({
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      apiUrl: 'http://127.0.0.1:1/api/',
      teamId: 'T1',
      socketMode: undefined,
    });
  });

  it('refuses Socket Mode without SLACK_APP_TOKEN', () => {
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SOCKET_MODE: 'true' };
    expect(() => slackOptionsFromConfig(config(env), base)).toThrow(/SLACK_APP_TOKEN is not set/);
    const withToken = slackOptionsFromConfig(config({ ...env, SLACK_APP_TOKEN: 'xapp-1' }), base);
    expect(withToken.socketMode).toEqual({ appToken: 'xapp-1' });
  });

  it('builds a channel from a configuration that fails loudly when the signing secret is missing', () => {
    const factory = createSlackChannelFromConfig(config({ SLACK_BOT_TOKEN: BOT_TOKEN }));
    expect(() => factory?.(base)).toThrow(/SLACK_SIGNING_SECRET/);
  });
});

describe('Slack installation stores', () => {
  it('serves the environment token to any workspace, or only to SLACK_TEAM_ID', async () => {
    await expect(new EnvInstallationStore({ botToken: 'xoxb-1' }).fetchBotToken('T9')).resolves.toBe(
      'xoxb-1',
    );
    const only = new EnvInstallationStore({ botToken: 'xoxb-1', teamId: 'T1' });
    await expect(only.fetchBotToken('T1')).resolves.toBe('xoxb-1');
    await expect(only.fetchBotToken('T2')).resolves.toBeUndefined();
  });

  it('keeps one token per workspace in Storage', async () => {
    const store = new StorageInstallationStore({ storage: new MemoryStorage() });
    await store.save({ teamId: 'T1', botToken: 'xoxb-1' });
    await store.save({ teamId: 'T2', botToken: 'xoxb-2' });
    await expect(store.fetchBotToken('T2')).resolves.toBe('xoxb-2');
    await store.deleteInstallation('T2');
    await expect(store.fetchBotToken('T2')).resolves.toBeUndefined();
    await expect(store.fetchBotToken('T1')).resolves.toBe('xoxb-1');
  });

  it('answers each workspace with its own token, and forgets a workspace that uninstalls the app', async () => {
    const installations = new StorageInstallationStore({ storage: new MemoryStorage() });
    await installations.save({ teamId: 'T0A', botToken: 'xoxb-a' });
    await installations.save({ teamId: 'T0B', botToken: 'xoxb-b' });
    const s = await startSlackServer({ channel: { botToken: undefined, installations } });
    try {
      const [a, b] = [uniqueId('D'), uniqueId('D')];
      await s.post(eventCallback(dmEvent(a, 'hi', { team: 'T0A' }), { teamId: 'T0A' }));
      await s.post(eventCallback(dmEvent(b, 'hi', { team: 'T0B' }), { teamId: 'T0B' }));
      await s.api.waitFor(() => s.api.succeeded('chat.postMessage').length === 2);
      expect(s.api.succeeded('chat.postMessage', a)[0]?.token).toBe('xoxb-a');
      expect(s.api.succeeded('chat.postMessage', b)[0]?.token).toBe('xoxb-b');
      await s.post(eventCallback({ type: 'app_uninstalled', ts: '1.1' }, { teamId: 'T0B' }));
      await s.settle();
      await expect(installations.fetchBotToken('T0B')).resolves.toBeUndefined();
    } finally {
      await s.close();
    }
  });
});
