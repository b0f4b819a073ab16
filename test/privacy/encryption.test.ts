import { randomBytes } from 'node:crypto';
import { TestAdapter, UserState } from 'botbuilder-core';
import { AesGcmCipher } from '../../src/privacy/aes-gcm-cipher';
import { EncryptingStorage } from '../../src/privacy/encrypting-storage';
import { MemoryStorage } from '../../src/state/memory-storage';
import { RedisStorage } from '../../src/state/redis-storage';
import { runStorageSuite } from '../conformance/storage-suite';
import { setupRedis } from '../support/redis-test-context';
import { cleanupRedisPrefix, describeWithRedis } from '../support/services';
import { describeOnEverySqlEngine } from '../support/sql';

const key = () => randomBytes(32).toString('base64');
const cipher = new AesGcmCipher([{ id: 'k1', key: key() }]);
const NAME = 'Jeanne Dupont-Lefèvre';
const PHONE = '+33 6 12 34 56 78';

describe('AesGcmCipher', () => {
  test('round-trips text, with a fresh IV per value and the key id in each record', () => {
    const a = cipher.encrypt(`${NAME} ${PHONE}`);
    const b = cipher.encrypt(`${NAME} ${PHONE}`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^enc:v1:k1:[\w-]+:[\w-]+:[\w-]*$/);
    expect(a).not.toContain('Jeanne');
    expect(cipher.decrypt(a)).toBe(`${NAME} ${PHONE}`);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
  });

  test('a tampered value fails with SWB_ERR_DECRYPTION', () => {
    const stored = cipher.encrypt('secret');
    const parts = stored.split(':');
    const body = Buffer.from(parts[5] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    parts[5] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow(
      expect.objectContaining({ code: 'SWB_ERR_DECRYPTION' }),
    );
    expect(() => cipher.decrypt('enc:v1:k1:garbage')).toThrow(
      expect.objectContaining({ code: 'SWB_ERR_DECRYPTION' }),
    );
    expect(() => cipher.decrypt('plain text')).toThrow(
      expect.objectContaining({ code: 'SWB_ERR_DECRYPTION' }),
    );
  });

  test('a value moved under another key id fails (the id is authenticated)', () => {
    const shared = key();
    const two = new AesGcmCipher([
      { id: 'a', key: shared },
      { id: 'b', key: shared },
    ]);
    const stored = two.encrypt('x').replace('enc:v1:a:', 'enc:v1:b:');
    expect(() => two.decrypt(stored)).toThrow(expect.objectContaining({ code: 'SWB_ERR_DECRYPTION' }));
  });

  test('rotation: the first key encrypts, every key decrypts, rotate re-encrypts under the current key', () => {
    const oldKey = { id: 'old', key: key() };
    const newKey = { id: 'new', key: key() };
    const stored = new AesGcmCipher([oldKey]).encrypt(PHONE);
    const after = new AesGcmCipher([newKey, oldKey]);
    expect(after.decrypt(stored)).toBe(PHONE);
    const rotated = after.rotate(stored);
    expect(after.keyIdOf(rotated)).toBe('new');
    expect(after.rotate(rotated)).toBe(rotated);
    const retired = new AesGcmCipher([newKey]);
    expect(retired.decrypt(rotated)).toBe(PHONE);
    expect(() => retired.decrypt(stored)).toThrow(
      expect.objectContaining({ code: 'SWB_ERR_ENCRYPTION_KEY' }),
    );
  });

  test('bad keys are refused with SWB_ERR_ENCRYPTION_KEY', () => {
    for (const keys of [
      [],
      [{ id: 'a', key: 'c2hvcnQ=' }],
      [{ id: 'a:b', key: key() }],
      [
        { id: 'a', key: key() },
        { id: 'a', key: key() },
      ],
    ]) {
      expect(() => new AesGcmCipher(keys)).toThrow(
        expect.objectContaining({ code: 'SWB_ERR_ENCRYPTION_KEY' }),
      );
    }
  });
});

runStorageSuite({
  name: 'EncryptingStorage over MemoryStorage',
  create: async () => ({
    storage: new EncryptingStorage(new MemoryStorage(), { cipher }),
    cleanup: async () => {},
  }),
});

describe('EncryptingStorage', () => {
  test('reads documents written before encryption was turned on, and encrypts them on the next write', async () => {
    const inner = new MemoryStorage();
    await inner.write({ 'webchat/users/u1': { profile: { firstName: 'Ann' } } });
    const storage = new EncryptingStorage(inner, { cipher });
    const read = await storage.read(['webchat/users/u1']);
    expect(read['webchat/users/u1']).toMatchObject({ profile: { firstName: 'Ann' } });
    await storage.write({ 'webchat/users/u1': { ...read['webchat/users/u1'], eTag: '*' } });
    expect(JSON.stringify(await inner.read(['webchat/users/u1']))).not.toContain('Ann');
  });

  test('encrypts only the keys chosen', async () => {
    const inner = new MemoryStorage();
    const storage = new EncryptingStorage(inner, { cipher, encrypts: (k) => k.includes('/users/') });
    await storage.write({ 'webchat/users/u1': { n: 'Ann' }, 'webchat/conversations/c1': { n: 'Bob' } });
    const raw = JSON.stringify(await inner.read(['webchat/users/u1', 'webchat/conversations/c1']));
    expect(raw).not.toContain('Ann');
    expect(raw).toContain('Bob');
  });
});

describeWithRedis('EncryptingStorage on Redis', (redisUrl) => {
  const context = setupRedis(redisUrl, 'encrypting-storage');

  runStorageSuite({
    name: 'EncryptingStorage over RedisStorage',
    create: async () => {
      const keyPrefix = context.nextPrefix();
      const inner = new RedisStorage({ redis: context.redis, keyPrefix });
      return {
        storage: new EncryptingStorage(inner, { cipher }),
        cleanup: () => cleanupRedisPrefix(context.redis, keyPrefix),
      };
    },
  });

  test('a profile saved through UserState leaves no plaintext in Redis', async () => {
    const keyPrefix = context.nextPrefix();
    const storage = new EncryptingStorage(new RedisStorage({ redis: context.redis, keyPrefix }), { cipher });
    const userState = new UserState(storage);
    const profile = userState.createProperty<Record<string, string>>('profile');
    const adapter = new TestAdapter(async (turn) => {
      await profile.set(turn, { firstName: NAME, phone: PHONE, customerId: 'C-1001' });
      await userState.saveChanges(turn);
    });
    await adapter.send('hello');

    const keys = await context.redis.keys(`${keyPrefix}*`);
    expect(keys.some((k) => k.includes('/users/'))).toBe(true);
    for (const k of keys) {
      const raw = JSON.stringify(await context.redis.hgetall(k));
      for (const secret of ['Jeanne', 'Dupont', '12 34 56 78', 'C-1001', 'firstName'])
        expect(raw).not.toContain(secret);
      expect(raw).toContain('enc:v1:k1:');
    }
    const back = new UserState(storage).createProperty<Record<string, string>>('profile');
    const reader = new TestAdapter(async (turn) => {
      expect(await back.get(turn)).toMatchObject({ firstName: NAME, phone: PHONE });
    });
    await reader.send('again');
  });
});

describeOnEverySqlEngine('encrypted column', (engine) => {
  test('a SQL row written through the cipher holds no plaintext', async () => {
    const database = engine();
    const db = database.open();
    try {
      await db.script('CREATE TABLE privacy_probe (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
      await db.execute('INSERT INTO privacy_probe (id, body) VALUES (?, ?)', [
        'p1',
        cipher.encrypt(`${NAME} ${PHONE}`),
      ]);
      const rows = await db.query<{ body: string }>('SELECT body FROM privacy_probe');
      expect(JSON.stringify(rows)).not.toContain('Jeanne');
      expect(JSON.stringify(rows)).not.toContain('56 78');
      expect(cipher.decrypt(rows[0]?.body as string)).toBe(`${NAME} ${PHONE}`);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
