import {
  ConsoleSessionCodec,
  consoleSessionSecrets,
  sessionTokenFrom,
} from '../../src/console/console-session';

describe('console sessions', () => {
  const secret = 's'.repeat(40);

  test('a token verifies until it expires, with any configured secret (rotation)', () => {
    let now = 1_000;
    const old = new ConsoleSessionCodec({ secrets: [secret], ttlMs: 100, now: () => now });
    const rotated = new ConsoleSessionCodec({
      secrets: ['n'.repeat(40), secret],
      ttlMs: 100,
      now: () => now,
    });
    const { token } = old.issue('alice');
    expect(rotated.verify(token)).toEqual({ agentId: 'alice', expiresAt: 1_100 });
    now = 1_100;
    expect(rotated.verify(token)).toBeUndefined();
  });

  test('tampered, truncated or foreign tokens are refused', () => {
    const codec = new ConsoleSessionCodec({ secrets: [secret], ttlMs: 60_000 });
    const { token } = codec.issue('alice');
    const [body, mac] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'sam', exp: Date.now() + 60_000 })).toString(
      'base64url',
    );
    for (const bad of [undefined, '', body, `${forgedBody}.${mac}`, `${token}.x`, `${body}.AAAA`])
      expect(codec.verify(bad)).toBeUndefined();
  });

  test('secrets derived from the web chat’s differ from them; without any, one random secret', () => {
    const derived = consoleSessionSecrets(undefined, [secret]);
    expect(derived).toHaveLength(1);
    expect(derived[0]).not.toBe(secret);
    expect(consoleSessionSecrets(undefined, [secret])).toEqual(derived);
    expect(consoleSessionSecrets(['c'.repeat(40)], [secret])).toEqual(['c'.repeat(40)]);
    expect(consoleSessionSecrets(undefined, undefined)[0]).toHaveLength(43);
  });

  test('reads the session cookie among others', () => {
    expect(sessionTokenFrom({ cookie: 'a=1; swb_console=abc.def; b=2' })).toBe('abc.def');
    expect(sessionTokenFrom({})).toBeUndefined();
  });
});
