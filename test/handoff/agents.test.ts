import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentPresence } from '../../src/handoff/agent-presence';
import { AgentDirectory } from '../../src/handoff/agents';
import { hashPassword, isPasswordHash, verifyPassword } from '../../src/handoff/password';
import { MemoryStorage } from '../../src/state/memory-storage';

/** Test hashes use a low cost: the parameters are recorded in each hash, so verification follows them. */
const CHEAP = { logN: 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  test('hashes with a random salt, records the cost, and verifies in constant time', async () => {
    const a = await hashPassword('correct horse', CHEAP);
    const b = await hashPassword('correct horse', CHEAP);
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('Correct horse', a)).toBe(false);
    expect(isPasswordHash(a)).toBe(true);
  });

  test('the default cost is OWASP’s minimum for scrypt', async () => {
    expect((await hashPassword('x')).startsWith('scrypt$17$8$1$')).toBe(true);
  });

  test('malformed or absurdly expensive hashes never verify', async () => {
    for (const bad of ['', 'plain', 'scrypt$99$8$1$c2FsdHNhbHQ=$AAAA', 'bcrypt$10$abc']) {
      expect(isPasswordHash(bad)).toBe(false);
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});

describe('AgentDirectory', () => {
  test('reads an agents file, authenticates, and never exposes hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agents-'));
    const file = join(dir, 'agents.json');
    const hash = await hashPassword('pw-dana', CHEAP);
    writeFileSync(
      file,
      JSON.stringify({ agents: [{ id: 'dana', name: 'Dana', skills: ['billing'], passwordHash: hash }] }),
    );
    const directory = AgentDirectory.fromFile(file, ['billing', 'general']);
    expect(await directory.authenticate('Dana', 'pw-dana')).toEqual({
      id: 'dana',
      name: 'Dana',
      skills: ['billing'],
      role: 'agent',
    });
    expect(await directory.authenticate('dana', 'nope')).toBeUndefined();
    expect(await directory.authenticate('nobody', 'pw-dana')).toBeUndefined();
    expect(JSON.stringify(directory.list())).not.toContain('scrypt');
  });

  test('reports every problem of an agents file at once', () => {
    const raw = { agents: [{ id: 'Bad:Id', name: '', skills: ['mortgages'], passwordHash: 'plain' }] };
    expect(() => AgentDirectory.fromConfig(raw, ['general'])).toThrow(
      expect.objectContaining({
        code: 'SWB_ERR_CONFIG_INVALID',
        message: expect.stringMatching(/id[\s\S]*name[\s\S]*passwordHash/),
      }),
    );
    const unknownSkill = {
      agents: [
        {
          id: 'ok',
          name: 'Ok',
          skills: ['mortgages'],
          passwordHash: 'scrypt$10$8$1$c2FsdHNhbHQ=$4Vh7q2qk5c0l2N0b8m7yq3oX6m8oC7Yv2Qk6pQk0d3E=',
        },
      ],
    };
    expect(() => AgentDirectory.fromConfig(unknownSkill, ['general'])).toThrow(
      /"mortgages" is not a configured skill/,
    );
  });
});

describe('AgentPresence', () => {
  test('is shared through storage and turns offline when not seen', async () => {
    let now = 1_000;
    const storage = new MemoryStorage();
    const presence = new AgentPresence({ storage, staleAfterMs: 500, now: () => now });
    const other = new AgentPresence({ storage, staleAfterMs: 500, now: () => now });
    expect(await presence.get('alice')).toMatchObject({ status: 'offline' });
    await presence.seen('alice', true);
    expect(await other.get('alice')).toMatchObject({ status: 'online', connectedAt: 1_000 });
    await other.setStatus('alice', 'away');
    expect(await presence.list(['alice', 'bob'])).toEqual([
      expect.objectContaining({ agentId: 'alice', status: 'away' }),
      expect.objectContaining({ agentId: 'bob', status: 'offline' }),
    ]);
    now += 600;
    expect(await presence.get('alice')).toMatchObject({ status: 'offline' });
  });
});
