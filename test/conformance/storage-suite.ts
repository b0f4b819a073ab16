import type { Storage, StoreItems } from '../../src/state/ports';

/** A storage under test and how to dispose of it. */
export interface StorageFixture {
  storage: Storage;
  cleanup: () => Promise<void>;
}

/** Options of {@link runStorageSuite}. */
export interface StorageSuiteOptions {
  name: string;
  /** Makes a fresh, empty storage (called before each test). */
  create: () => Promise<StorageFixture>;
}

const CONFLICT = { code: 'SWB_ERR_STORAGE_CONFLICT' };

/**
 * The `Storage` contract every implementation passes: botbuilder's semantics (eTag compare-and-set,
 * `'*'` overwrites, copies not aliases) plus ours (coded conflict error, all-or-nothing batches).
 */
export function runStorageSuite({ name, create }: StorageSuiteOptions): void {
  describe(`Storage conformance: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;

    beforeEach(async () => {
      fixture = await create();
      storage = fixture.storage;
    });
    afterEach(() => fixture.cleanup());

    async function readOne(key: string): Promise<StoreItems[string]> {
      return (await storage.read([key]))[key];
    }

    test('reading missing keys returns no items', async () => {
      expect(await storage.read(['missing', 'also-missing'])).toEqual({});
      expect(await storage.read([])).toEqual({});
    });

    test('a written item reads back with a store-generated eTag', async () => {
      await storage.write({ a: { count: 1, nested: { list: [1, 2] } } });
      const item = await readOne('a');
      expect(item).toMatchObject({ count: 1, nested: { list: [1, 2] } });
      expect(typeof item.eTag).toBe('string');
      expect(item.eTag).not.toBe('*');
    });

    test('every write produces a new eTag', async () => {
      await storage.write({ a: { v: 1 } });
      const first = await readOne('a');
      await storage.write({ a: { v: 2, eTag: first.eTag } });
      const second = await readOne('a');
      expect(second.v).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    test('a read of several keys returns only the stored ones', async () => {
      await storage.write({ a: { v: 'a' }, b: { v: 'b' } });
      const items = await storage.read(['a', 'b', 'c']);
      expect(Object.keys(items).sort()).toEqual(['a', 'b']);
      expect(items.b.v).toBe('b');
    });

    test('items are deep copies: changing a written or read object changes nothing stored', async () => {
      const written = { nested: { n: 1 }, list: [1] };
      await storage.write({ a: written });
      written.nested.n = 99;
      written.list.push(2);
      expect(written).not.toHaveProperty('eTag');
      const read = await readOne('a');
      read.nested.n = 42;
      expect(await readOne('a')).toMatchObject({ nested: { n: 1 }, list: [1] });
    });

    test('a write with the current eTag succeeds', async () => {
      await storage.write({ a: { v: 1 } });
      const current = await readOne('a');
      await storage.write({ a: { ...current, v: 2 } });
      expect((await readOne('a')).v).toBe(2);
    });

    test('a write with a stale eTag rejects with SWB_ERR_STORAGE_CONFLICT and changes nothing', async () => {
      await storage.write({ a: { v: 1 } });
      const stale = await readOne('a');
      await storage.write({ a: { ...stale, v: 2 } });
      await expect(storage.write({ a: { ...stale, v: 3 } })).rejects.toMatchObject(CONFLICT);
      expect((await readOne('a')).v).toBe(2);
    });

    test("eTag '*' and a missing eTag overwrite unconditionally", async () => {
      await storage.write({ a: { v: 1 } });
      await storage.write({ a: { v: 2, eTag: '*' } });
      expect((await readOne('a')).v).toBe(2);
      await storage.write({ a: { v: 3 } });
      expect((await readOne('a')).v).toBe(3);
    });

    test('an eTag on a key that is not stored is accepted, as botbuilder MemoryStorage does', async () => {
      await storage.write({ fresh: { v: 1, eTag: 'some-old-etag' } });
      expect((await readOne('fresh')).v).toBe(1);
    });

    test('a batch with one conflicting item writes nothing', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 1 } });
      const { a, b } = await storage.read(['a', 'b']);
      await storage.write({ b: { v: 2 } });
      await expect(
        storage.write({ a: { ...a, v: 9 }, b: { ...b, v: 9 }, c: { v: 9 } }),
      ).rejects.toMatchObject(CONFLICT);
      const after = await storage.read(['a', 'b', 'c']);
      expect(after.a.v).toBe(1);
      expect(after.b.v).toBe(2);
      expect(after.c).toBeUndefined();
    });

    test('delete removes items and ignores missing keys', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 1 } });
      await storage.delete(['a', 'missing']);
      expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
      await storage.delete([]);
    });

    test('exactly one of 10 concurrent writes with the same eTag wins', async () => {
      await storage.write({ a: { v: 0 } });
      const base = await readOne('a');
      const writes = Array.from({ length: 10 }, (_, i) => storage.write({ a: { ...base, v: i + 1 } }));
      const results = await Promise.allSettled(writes);
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i + 1] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toMatchObject(CONFLICT);
      }
      expect((await readOne('a')).v).toBe(winners[0]);
    });
  });
}
