import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlAuditLog } from '../../src/audit/sql-audit-log';
import { ConversationReferenceStore } from '../../src/bot/conversation-reference-store';
import { run } from '../../src/cli/commands/customer';
import { loadConfig } from '../../src/config/load-config';
import { AesGcmCipher } from '../../src/privacy/aes-gcm-cipher';
import { EncryptingStorage } from '../../src/privacy/encrypting-storage';
import { SqliteDatabase } from '../../src/sql/sqlite-database';
import { RedisStorage } from '../../src/state/redis-storage';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('switchboard customer (arguments)', () => {
  test('without an action it prints usage and exits 2', async () => {
    const c = capture();
    expect(await run([], c.io)).toBe(2);
    expect(c.out()).toContain('Usage: switchboard customer');
  });

  test('a malformed --id exits 2 with SWB_ERR_CUSTOMER_REF', async () => {
    const c = capture();
    expect(await run(['erase', '--id', 'no-channel'], c.io)).toBe(2);
    expect(c.err()).toContain('SWB_ERR_CUSTOMER_REF');
  });
});

describeWithRedis('switchboard customer export|erase', (redisUrl) => {
  const context = setupRedis(redisUrl, 'customer-command');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'swb-customer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('exports then erases an encrypted customer from Redis and the SQL stores, audited as cli', async () => {
    const keyPrefix = context.nextPrefix();
    const key = randomBytes(32).toString('base64');
    const config = loadConfig({
      env: {},
      overrides: {
        redisUrl: redisUrl(),
        redisKeyPrefix: keyPrefix,
        webchat: { tokenSecrets: ['x'.repeat(32)] },
        privacy: { encryptionKeys: [`k1:${key}`] },
      },
    });
    const storage = new EncryptingStorage(new RedisStorage({ redis: context.redis, keyPrefix }), {
      cipher: new AesGcmCipher([{ id: 'k1', key }]),
    });
    await new ConversationReferenceStore(storage).save({
      channelId: 'webchat',
      conversation: { id: 'c-cli-1' } as never,
      user: { id: 'u-cli', name: 'Ingrid' },
    });
    await storage.write({ 'webchat/users/u-cli/': { profile: { firstName: 'Ingrid' } } });
    const sqlitePath = join(dir, 'cli.sqlite');
    const auditSqlitePath = join(dir, 'audit.sqlite');

    const exported = capture();
    expect(
      await run(['export', '--id', 'webchat:u-cli'], exported.io, { config, sqlitePath, auditSqlitePath }),
    ).toBe(0);
    const body = JSON.parse(exported.out());
    expect(body.conversationIds).toEqual(['c-cli-1']);
    expect(JSON.stringify(body)).toContain('Ingrid');

    const erased = capture();
    expect(
      await run(['erase', '--id', 'webchat:u-cli'], erased.io, { config, sqlitePath, auditSqlitePath }),
    ).toBe(0);
    expect(JSON.parse(erased.out()).erased['bot-state']).toBe(2);
    expect(await context.redis.keys(`${keyPrefix}storage:*`)).toEqual([]);
    const db = new SqliteDatabase({ path: auditSqlitePath });
    try {
      const entries = await (await SqlAuditLog.open(db)).list({});
      expect(entries.map((e) => [e.actor, e.action])).toEqual([
        ['cli', 'export'],
        ['cli', 'erase'],
      ]);
      expect(JSON.stringify(entries)).not.toContain('u-cli');
    } finally {
      await db.close();
    }
  });
});
