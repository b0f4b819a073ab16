import { randomBytes } from 'node:crypto';
import { loadConfig, redactConfig } from '../../src/config/load-config';
import { applyPrivacyConfig } from '../../src/privacy/privacy-runtime';
import { configurePiiRedaction, redactPii } from '../../src/privacy/redact';

const key = () => randomBytes(32).toString('base64');

describe('privacy configuration', () => {
  afterEach(() => configurePiiRedaction({}));

  test('PRIVACY_ENCRYPTION_KEYS takes "id:key" pairs, first one encrypts; never printed', () => {
    const [a, b] = [key(), key()];
    const config = loadConfig({
      env: { PRIVACY_ENCRYPTION_KEYS: `2026b:${a},2026a:${b}`, PRIVACY_RETENTION_DAYS: '90' },
    });
    expect(config.privacy.encryptionKeys).toEqual([
      { id: '2026b', key: a },
      { id: '2026a', key: b },
    ]);
    expect(config.privacy.retentionDays).toBe(90);
    expect(applyPrivacyConfig(config)?.currentKeyId).toBe('2026b');
    expect(JSON.stringify(redactConfig(config))).not.toContain(a);
  });

  test('a short key or a duplicate id is a configuration error naming the variable, without the key', () => {
    const short = Buffer.from('short').toString('base64');
    expect(() => loadConfig({ env: { PRIVACY_ENCRYPTION_KEYS: `k:${short}` } })).toThrow(
      /PRIVACY_ENCRYPTION_KEYS.*32 bytes/s,
    );
    const k = key();
    try {
      loadConfig({ env: { PRIVACY_ENCRYPTION_KEYS: `k:${k},k:${k}` } });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).toContain('unique');
      expect((error as Error).message).not.toContain(k);
    }
  });

  test('no keys: no cipher; configured national id patterns reach redactPii', () => {
    const config = loadConfig({
      env: {},
      overrides: { privacy: { nationalIdPatterns: [{ name: 'fr-nir', pattern: '\\b[12]\\d{14}\\b' }] } },
    });
    expect(applyPrivacyConfig(config)).toBeUndefined();
    expect(redactPii('NIR 185057800608436')).toBe('NIR [NATIONAL_ID]');
  });
});
