import { SlackChannel } from '../../../../adapters/slack/slack-channel';
import { loadConfig } from '../../../../src/config/load-config';
import type { ConfigInput } from '../../../../src/config/schema';
import { createDemoServer } from '../../../../src/demo/create-demo-server';
import { ConfigError } from '../../../../src/errors';
import { createLogger } from '../../../../src/logging/logger';
import type { SwitchboardServer } from '../../../../src/server/switchboard-server';
import { createStateServices } from '../../../../src/state/state-services';
import { stubIntentReader } from '../../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../../support/test-server';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack-harness';

/** Servers built by {@link build}, closed after the file. */
const built: SwitchboardServer[] = [];
afterAll(() => Promise.all(built.map((server) => server.close())));

/** Builds (never starts) the demo server with a desk configuration; returns the warnings logged. */
function build(desk: NonNullable<NonNullable<ConfigInput['channels']>['slack']>['desk'], withSlack = true) {
  const warnings: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
  });
  const config = loadConfig({
    env: {},
    overrides: { webchat: { tokenSecrets: [TEST_TOKEN_SECRET] }, channels: { slack: { desk } } },
  });
  const state = createStateServices({});
  const server = createDemoServer({
    config,
    logger,
    state,
    readIntent: stubIntentReader(),
    analytics: false,
    channels: withSlack
      ? [
          (runtime) =>
            new SlackChannel({
              signingSecret: SIGNING_SECRET,
              botToken: BOT_TOKEN,
              logger,
              state: runtime.state,
            }),
        ]
      : [],
  });
  built.push(server);
  return warnings;
}

describe('Slack agent desk configuration', () => {
  test('SLACK_DESK_CHANNELS and SLACK_DESK_AGENTS are JSON', () => {
    const config = loadConfig({
      env: {
        SLACK_DESK_CHANNELS: '{"general":"C0GENERAL","billing":"G0BILLING"}',
        SLACK_DESK_AGENTS: '{"U0ALICE":"alice"}',
      },
    });
    expect(config.channels.slack.desk).toEqual({
      channels: { general: 'C0GENERAL', billing: 'G0BILLING' },
      agents: { U0ALICE: 'alice' },
      command: '/switchboard',
    });
  });

  test('malformed JSON, channel and user ids are reported with the variable to fix', () => {
    expect(() => loadConfig({ env: { SLACK_DESK_CHANNELS: 'general=C0GENERAL' } })).toThrow(
      /SLACK_DESK_CHANNELS must be JSON/,
    );
    expect(() =>
      loadConfig({
        env: { SLACK_DESK_CHANNELS: '{"general":"#support"}', SLACK_DESK_AGENTS: '{"alice":"alice"}' },
      }),
    ).toThrow(/SLACK_DESK_CHANNELS is invalid: use a Slack channel id[\s\S]*SLACK_DESK_AGENTS is invalid/);
  });

  test('unknown skills and agents stop the start-up, every problem named', () => {
    let error: unknown;
    try {
      build({ channels: { general: 'C0GENERAL', loans: 'C0LOANS' }, agents: { U0ZOE: 'zoe' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /"loans" is not a skill queue[\s\S]*agent "zoe" is not in the agent directory/,
    );
  });

  test('without the Slack channel the desk is off, with a warning', () => {
    expect(build({ channels: { general: 'C0GENERAL' } }, false)).toEqual([
      expect.stringMatching(/the Slack agent desk is off/),
    ]);
    expect(build({ channels: { general: 'C0GENERAL' }, agents: { U0ALICE: 'alice' } })).toEqual([]);
  });
});
