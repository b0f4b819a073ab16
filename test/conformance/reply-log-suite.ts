import type { MessageBus, ReplyLog } from '../../src/state/ports';

/** A reply log under test and how to dispose of it. */
export interface ReplyLogFixture {
  replies: ReplyLog;
  /** The bus the log announces on (subscribed to by the announcement test). */
  bus: MessageBus;
  cleanup: () => Promise<void>;
}

/** Options of {@link runReplyLogSuite}. */
export interface ReplyLogSuiteOptions {
  name: string;
  /** Makes a fresh, empty log keeping `maxEntries` per conversation (called before each test). */
  create: (options: { maxEntries: number }) => Promise<ReplyLogFixture>;
}

const seqs = (entries: { seq: number }[]): number[] => entries.map((entry) => entry.seq);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The `ReplyLog` contract: gap-free seq from 1 (also under concurrency), readAfter, limit, bound, delete. */
export function runReplyLogSuite({ name, create }: ReplyLogSuiteOptions): void {
  describe(`ReplyLog conformance: ${name}`, () => {
    let fixture: ReplyLogFixture | undefined;

    async function log(maxEntries = 500): Promise<ReplyLog> {
      fixture = await create({ maxEntries });
      return fixture.replies;
    }

    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    test('appends get seq 1, 2, 3… and read back after a seq, oldest first', async () => {
      const replies = await log();
      expect(await replies.append('c1', 'one')).toEqual({ seq: 1, payload: 'one' });
      expect(await replies.append('c1', 'two')).toEqual({ seq: 2, payload: 'two' });
      await replies.append('c1', 'three');
      expect(await replies.readAfter('c1', 0)).toEqual([
        { seq: 1, payload: 'one' },
        { seq: 2, payload: 'two' },
        { seq: 3, payload: 'three' },
      ]);
      expect(await replies.readAfter('c1', 2)).toEqual([{ seq: 3, payload: 'three' }]);
      expect(await replies.readAfter('c1', 3)).toEqual([]);
      expect(await replies.readAfter('c1', 99)).toEqual([]);
    });

    test('50 concurrent appends get distinct, gap-free seqs', async () => {
      const replies = await log();
      const entries = await Promise.all(range(1, 50).map((i) => replies.append('busy', `p${i}`)));
      expect(seqs(entries).sort((a, b) => a - b)).toEqual(range(1, 50));
      const stored = await replies.readAfter('busy', 0);
      expect(seqs(stored)).toEqual(range(1, 50));
      for (const entry of entries) expect(stored[entry.seq - 1]).toEqual(entry);
    });

    test('limit caps how many entries are read', async () => {
      const replies = await log();
      for (const i of range(1, 10)) await replies.append('c', `p${i}`);
      expect(seqs(await replies.readAfter('c', 0, 3))).toEqual([1, 2, 3]);
      expect(seqs(await replies.readAfter('c', 8, 5))).toEqual([9, 10]);
    });

    test('only the last maxEntries are kept, and seq keeps counting', async () => {
      const replies = await log(5);
      for (const i of range(1, 12)) await replies.append('c', `p${i}`);
      expect(seqs(await replies.readAfter('c', 0))).toEqual(range(8, 12));
      expect(await replies.append('c', 'next')).toEqual({ seq: 13, payload: 'next' });
    });

    test('conversations have their own sequences', async () => {
      const replies = await log();
      await replies.append('a', 'a1');
      await replies.append('a', 'a2');
      expect(await replies.append('b', 'b1')).toEqual({ seq: 1, payload: 'b1' });
      expect(await replies.readAfter('unknown', 0)).toEqual([]);
    });

    test('delete erases a conversation; its sequence restarts at 1', async () => {
      const replies = await log();
      await replies.append('gone', 'x');
      await replies.append('kept', 'y');
      await replies.delete('gone');
      await replies.delete('never-existed');
      expect(await replies.readAfter('gone', 0)).toEqual([]);
      expect(await replies.readAfter('kept', 0)).toHaveLength(1);
      expect(await replies.append('gone', 'again')).toEqual({ seq: 1, payload: 'again' });
    });

    test('invalid readAfter arguments reject with SWB_ERR_VALIDATION', async () => {
      const replies = await log();
      await expect(replies.readAfter('c', -1)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
      await expect(replies.readAfter('c', 0, 0)).rejects.toMatchObject({ code: 'SWB_ERR_VALIDATION' });
    });

    test('an announced append publishes before + seq + after on the bus, in append order', async () => {
      const replies = await log();
      const heard: string[] = [];
      const bus = (fixture as ReplyLogFixture).bus;
      const unsubscribe = await bus.subscribe('room', (message) => heard.push(message));
      await replies.append('c', 'quiet');
      const announce = { channel: 'room', before: '{"seq":', after: ',"text":"hi \\u00e9 \u00e9"}' };
      expect(await replies.append('c', 'one', announce)).toEqual({ seq: 2, payload: 'one' });
      await replies.append('c', 'two', announce);
      for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toEqual(['{"seq":2,"text":"hi \\u00e9 \u00e9"}', '{"seq":3,"text":"hi \\u00e9 \u00e9"}']);
      expect(JSON.parse(heard[0] as string)).toEqual({ seq: 2, text: 'hi \u00e9 \u00e9' });
      await unsubscribe();
    });

    test('close is idempotent and refuses later use', async () => {
      const replies = await log();
      const closing = replies.close();
      expect(replies.close()).toBe(closing);
      await closing;
      await expect(replies.append('c', 'x')).rejects.toMatchObject({ code: 'SWB_ERR_SHUTTING_DOWN' });
    });
  });
}
