import { loadConfig, redactConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/errors';

const SECRET = 'a-very-long-secret-value-that-is-32-chars-plus';

describe('loadConfig', () => {
  it('applies defaults for the embedded demo with an empty environment', () => {
    const config = loadConfig({ env: {} });
    expect(config.server.port).toBe(3000);
    expect(config.redisUrl).toBeUndefined();
    expect(config.nlu.modelDir).toBe('models/acme');
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('reads environment variables into typed values', () => {
    const config = loadConfig({
      env: {
        PORT: '8080',
        REDIS_URL: 'redis://127.0.0.1:6379',
        WEBCHAT_TOKEN_SECRETS: `${SECRET}, ${SECRET}2`,
      },
    });
    expect(config.server.port).toBe(8080);
    expect(config.webchat.tokenSecrets).toEqual([SECRET, `${SECRET}2`]);
  });

  it('reports every problem at once, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({
        env: { PORT: 'eighty', PUBLIC_BASE_URL: 'not a url', LOG_LEVEL: 'loud', NLU_THRESHOLD: '2' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).code).toBe('SWB_ERR_CONFIG_INVALID');
    for (const name of ['PORT', 'PUBLIC_BASE_URL', 'LOG_LEVEL', 'NLU_THRESHOLD'])
      expect(message).toContain(name);
  });

  it('reads the intent → skill map, and refuses a skill that is not a queue', () => {
    const config = loadConfig({ env: { HANDOFF_INTENT_SKILLS: '{"report_lost_card":"cards"}' } });
    expect(config.handoff.intentSkills).toEqual({ report_lost_card: 'cards' });
    expect(() => loadConfig({ env: { HANDOFF_INTENT_SKILLS: '{"report_lost_card":"vip"}' } })).toThrow(
      /HANDOFF_INTENT_SKILLS.*"vip" is not one of handoff\.skills/s,
    );
  });

  it('requires a shared web chat secret with Redis, and says how to set it', () => {
    expect(() => loadConfig({ env: { REDIS_URL: 'redis://127.0.0.1:6379' } })).toThrow(
      /WEBCHAT_TOKEN_SECRETS.*32/s,
    );
  });

  it('never prints a secret value in an error', () => {
    try {
      loadConfig({ env: { WEBCHAT_TOKEN_SECRETS: 'short-secret-value' } });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toContain('WEBCHAT_TOKEN_SECRETS');
      expect((error as Error).message).not.toContain('short-secret-value');
    }
  });

  it('rejects unknown keys in a config file', () => {
    expect(() => loadConfig({ env: {}, overrides: { server: { prot: 1 } } as never })).toThrow(
      /Unknown config key.*server\.prot/,
    );
  });

  it('redacts secrets for logging', () => {
    const config = loadConfig({ env: { SLACK_SIGNING_SECRET: 'shh', WEBCHAT_TOKEN_SECRETS: SECRET } });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('shh');
    expect(shown).not.toContain(SECRET);
  });
});
