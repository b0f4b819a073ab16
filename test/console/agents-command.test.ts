/**
 * `switchboard agents` end to end: an account added with the CLI (password on stdin) is read by
 * `openAgentDirectory` (no agents file: the database wins over the demo agents) and logs in to the
 * agent console of a running server; removed, it no longer does after a re-read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentsCommandIo, run } from '../../src/cli/commands/agents';
import { loadConfig } from '../../src/config/load-config';
import { openAgentDirectory } from '../../src/console/open-agent-directory';
import { reloadAgentsFromDatabase } from '../../src/handoff/database-agents';
import { SqlAgentStore } from '../../src/handoff/sql-agent-store';
import { createSilentLogger } from '../../src/logging/logger';
import { SqliteDatabase } from '../../src/sql/sqlite-database';
import { startHandoffServer } from '../handoff/support/handoff-server';

const config = loadConfig({ env: {}, overrides: {} });

function io(password = ''): AgentsCommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    readPassword: async () => `${password}\n`,
  };
}

async function login(baseUrl: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('switchboard agents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swb-agents-'));
  const sqlitePath = join(dir, 'agents.sqlite');
  const deps = { config, sqlitePath };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('without accounts in the table, the built-in choice (demo agents) is used', async () => {
    const opened = await openAgentDirectory({ config, logger: createSilentLogger(), sqlitePath });
    expect(opened.source).toBe('built-in');
    expect(opened.directory.get('alice')).toMatchObject({ name: 'Alice Martin' });
    await opened.close();
  });

  test('refuses short passwords, unknown skills and missing options, with exit code 2', async () => {
    const short = io('short');
    expect(await run(['add', '--id', 'dana', '--name', 'Dana', '--skills', 'billing'], short, deps)).toBe(2);
    expect(short.err.join('')).toMatch(/at least 8 characters/);
    const unknown = io('long-enough-pw');
    expect(await run(['add', '--id', 'dana', '--name', 'Dana', '--skills', 'mortgages'], unknown, deps)).toBe(
      2,
    );
    expect(unknown.err.join('')).toMatch(
      /SWB_ERR_CONFIG_INVALID: [\s\S]*"mortgages" is not a configured skill/,
    );
    expect(await run(['add', '--id', 'dana'], io('long-enough-pw'), deps)).toBe(2);
    expect(await run(['frobnicate'], io(), deps)).toBe(2);
  });

  test('an agent added with the CLI logs in to the console; removed, they cannot', async () => {
    const added = io('dana-password-1');
    const args = [
      'add',
      '--id',
      'dana',
      '--name',
      'Dana Reyes',
      '--skills',
      'billing,cards',
      '--role',
      'supervisor',
    ];
    expect(await run(args, added, deps)).toBe(0);
    expect(added.out.join('')).toBe('Saved dana (supervisor; billing, cards).\n');
    const listed = io();
    expect(await run(['list'], listed, deps)).toBe(0);
    expect(listed.out.join('')).toBe('dana\tDana Reyes\tsupervisor\tbilling,cards\n');
    expect(listed.out.join('')).not.toContain('scrypt');

    const opened = await openAgentDirectory({ config, logger: createSilentLogger(), sqlitePath });
    expect(opened.source).toBe('database');
    const t = await startHandoffServer({ directory: opened.directory });
    try {
      expect(await login(t.baseUrl, 'dana', 'dana-password-1')).toBe(200);
      expect(await login(t.baseUrl, 'dana', 'wrong-password')).toBe(401);
      expect(await login(t.baseUrl, 'alice', 'alice-demo-password')).toBe(401);

      expect(await run(['remove', '--id', 'dana'], io(), deps)).toBe(0);
      const db = new SqliteDatabase({ path: sqlitePath });
      try {
        const store = await SqlAgentStore.open(db);
        await reloadAgentsFromDatabase(opened.directory, { store, skills: config.handoff.skills });
      } finally {
        await db.close();
      }
      expect(await login(t.baseUrl, 'dana', 'dana-password-1')).toBe(401);
    } finally {
      await t.close();
      await opened.close();
    }
  });
});
