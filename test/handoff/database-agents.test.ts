/**
 * Agents from the database (issue #8: "agents from config or the database, passwords hashed with a
 * maintained algorithm"): `SqlAgentStore` on SQLite and PostgreSQL, the directory built from it,
 * hashes upgraded to the current cost at login, and the table re-read.
 */
import { AgentDirectory } from '../../src/handoff/agents';
import { loadAgentsFromDatabase, reloadAgentsFromDatabase } from '../../src/handoff/database-agents';
import { hashPassword, needsRehash, verifyPassword } from '../../src/handoff/password';
import { SqlAgentStore } from '../../src/handoff/sql-agent-store';
import type { SqlDatabase } from '../../src/sql/sql-database';
import { describeOnEverySqlEngine } from '../support/sql';

/** Test costs: low, so that the suite stays fast; "current" is one step above "old". */
const OLD = { logN: 10, r: 8, p: 1 };
const CURRENT = { logN: 11, r: 8, p: 1 };
const SKILLS = ['billing', 'cards', 'general'];

describe('needsRehash', () => {
  test('true for a hash below the current cost or malformed, false at or above it', async () => {
    const old = await hashPassword('pw', OLD);
    expect(needsRehash(old, CURRENT)).toBe(true);
    expect(needsRehash(old, OLD)).toBe(false);
    expect(needsRehash(await hashPassword('pw', CURRENT), OLD)).toBe(false);
    expect(needsRehash('plain', CURRENT)).toBe(true);
  });

  test('an agents file (no rehash hook) keeps its hashes as they are', async () => {
    const passwordHash = await hashPassword('pw-file-agent', OLD);
    const directory = new AgentDirectory([
      { id: 'fay', name: 'Fay', skills: ['general'], role: 'agent', passwordHash },
    ]);
    expect(await directory.authenticate('fay', 'pw-file-agent')).toMatchObject({ id: 'fay' });
  });
});

describeOnEverySqlEngine('agents in the database', (engine) => {
  const test_ = engine();
  let db: SqlDatabase;
  let store: SqlAgentStore;

  beforeAll(async () => {
    db = test_.open();
    store = await SqlAgentStore.open(db);
  });
  beforeEach(async () => {
    for (const a of await store.list()) await store.remove(a.id);
  });
  afterAll(async () => {
    await db.close();
    await test_.drop();
  });

  const account = async (id: string, password: string, extra: Record<string, unknown> = {}) => ({
    id,
    name: `Agent ${id}`,
    skills: ['billing'],
    role: 'agent' as const,
    passwordHash: await hashPassword(password, OLD),
    ...extra,
  });

  test('upsert adds or replaces, list reads back, remove deletes; opening twice migrates once', async () => {
    await store.upsert(await account('dana', 'pw-dana', { phone: '+15550100001' }));
    await store.upsert({
      ...(await account('dana', 'pw-dana')),
      name: 'Dana Reyes',
      skills: ['billing', 'cards'],
    });
    await store.upsert(await account('eli', 'pw-eli', { role: 'supervisor' }));
    await SqlAgentStore.open(db);
    expect((await store.list()).map(({ passwordHash: _, ...rest }) => rest)).toEqual([
      { id: 'dana', name: 'Dana Reyes', skills: ['billing', 'cards'], role: 'agent' },
      { id: 'eli', name: 'Agent eli', skills: ['billing'], role: 'supervisor' },
    ]);
    expect(await store.remove('eli')).toBe(true);
    expect(await store.remove('eli')).toBe(false);
    expect((await store.list()).map((a) => a.id)).toEqual(['dana']);
  });

  test('invalid accounts are refused with a coded error; a missing account cannot get a hash', async () => {
    await expect(store.upsert(await account('Bad:Id', 'pw'))).rejects.toMatchObject({
      code: 'SWB_ERR_VALIDATION',
    });
    await expect(
      store.upsert({ ...(await account('gus', 'pw')), passwordHash: 'plain' }),
    ).rejects.toMatchObject({
      code: 'SWB_ERR_VALIDATION',
    });
    await expect(store.setPasswordHash('nobody', await hashPassword('x', OLD))).rejects.toMatchObject({
      code: 'SWB_ERR_NOT_FOUND',
    });
    expect(await store.list()).toEqual([]);
  });

  test('the directory authenticates database agents and upgrades an outdated hash at login', async () => {
    await store.upsert(await account('dana', 'pw-dana'));
    const directory = await loadAgentsFromDatabase({ store, skills: SKILLS, rehashCost: CURRENT });
    expect(await directory.authenticate('dana', 'wrong')).toBeUndefined();
    expect((await store.list())[0]?.passwordHash.startsWith('scrypt$10$')).toBe(true);

    expect(await directory.authenticate('dana', 'pw-dana')).toEqual({
      id: 'dana',
      name: 'Agent dana',
      skills: ['billing'],
      role: 'agent',
    });
    const upgraded = (await store.list())[0]?.passwordHash ?? '';
    expect(upgraded.startsWith('scrypt$11$8$1$')).toBe(true);
    expect(await verifyPassword('pw-dana', upgraded)).toBe(true);
    // The next login verifies against the new hash and writes nothing.
    expect(await directory.authenticate('dana', 'pw-dana')).toMatchObject({ id: 'dana' });
    expect((await store.list())[0]?.passwordHash).toBe(upgraded);
  });

  test('a re-read picks up added and removed agents; a bad row is reported, naming the table', async () => {
    await store.upsert(await account('dana', 'pw-dana'));
    const options = { store, skills: SKILLS, rehashCost: OLD };
    const directory = await loadAgentsFromDatabase(options);
    await store.upsert(await account('eli', 'pw-eli'));
    await store.remove('dana');
    await reloadAgentsFromDatabase(directory, options);
    expect(directory.list().map((a) => a.id)).toEqual(['eli']);
    expect(await directory.authenticate('dana', 'pw-dana')).toBeUndefined();
    expect(await directory.authenticate('eli', 'pw-eli')).toMatchObject({ id: 'eli' });

    await store.upsert({ ...(await account('fay', 'pw-fay')), skills: ['mortgages'] });
    await expect(reloadAgentsFromDatabase(directory, options)).rejects.toMatchObject({
      code: 'SWB_ERR_CONFIG_INVALID',
      message: expect.stringMatching(/swb_agents table[\s\S]*"mortgages" is not a configured skill/),
    });
    expect(directory.list().map((a) => a.id)).toEqual(['eli']);
  });
});
