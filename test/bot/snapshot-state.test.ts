import {
  type Activity,
  type BotState,
  ConversationState,
  MemoryStorage,
  type StoreItems,
  TestAdapter,
  TurnContext,
  UserState,
} from 'botbuilder-core';
import { SnapshotConversationState, SnapshotUserState } from '../../src/bot/snapshot-state';

/** MemoryStorage that counts writes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    await super.write(changes);
  }
}

function turn(): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'test',
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'u1', name: 'Customer' },
    recipient: { id: 'bot', name: 'Bot' },
    text: 'hi',
  };
  return new TurnContext(new TestAdapter(), activity);
}

type Step = (state: BotState, context: TurnContext) => Promise<void>;

/** One turn per step, then what was written and what is stored. */
async function run(make: (storage: CountingStorage) => BotState, steps: Step[]) {
  const storage = new CountingStorage();
  const state = make(storage);
  const writesPerTurn: number[] = [];
  for (const step of steps) {
    const before = storage.writes;
    await step(state, turn());
    writesPerTurn.push(storage.writes - before);
  }
  const key = 'test/conversations/c1/';
  const userKey = 'test/users/u1/';
  const stored = await storage.read([key, userKey]);
  const { eTag: _a, ...conversation } = (stored[key] ?? {}) as Record<string, unknown>;
  const { eTag: _b, ...user } = (stored[userKey] ?? {}) as Record<string, unknown>;
  return { writesPerTurn, conversation, user };
}

const steps: Step[] = [
  // A new value is saved.
  async (state, context) => {
    await state.createProperty('profile').set(context, { name: 'Ada', cards: ['1234'] });
    await state.saveChanges(context);
  },
  // Read, nothing changed: no write.
  async (state, context) => {
    await state.createProperty('profile').get(context);
    await state.saveChanges(context);
  },
  // A change deep inside an object, made in place, is seen.
  async (state, context) => {
    const profile = (await state.createProperty('profile').get(context)) as { cards: string[] };
    profile.cards.push('5678');
    await state.saveChanges(context);
  },
  // The eTag alone does not count as a change.
  async (state, context) => {
    const loaded = await state.load(context);
    loaded['eTag'] = 'something-else';
    await state.saveChanges(context);
  },
  // Nothing loaded: nothing to save, unless forced.
  async (state, context) => {
    await state.saveChanges(context);
  },
  async (state, context) => {
    await state.saveChanges(context, true);
  },
  // A forced reload drops unsaved changes; clear then save writes an empty state.
  async (state, context) => {
    await state.createProperty('draft').set(context, 'unsaved');
    await state.load(context, true);
    expect(await state.createProperty('draft').get(context)).toBeUndefined();
    await state.saveChanges(context);
  },
  async (state, context) => {
    await state.load(context);
    await state.clear(context);
    await state.saveChanges(context);
  },
];

describe('snapshot change detection matches botbuilder state', () => {
  test.each([
    [
      'conversation',
      (s: CountingStorage) => new ConversationState(s),
      (s: CountingStorage) => new SnapshotConversationState(s),
    ],
    ['user', (s: CountingStorage) => new UserState(s), (s: CountingStorage) => new SnapshotUserState(s)],
  ])('%s state: same writes, same stored values', async (_name, original, snapshot) => {
    const expected = await run(original, steps);
    const actual = await run(snapshot, steps);
    expect(actual).toEqual(expected);
    expect(actual.writesPerTurn).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
  });

  test('a loaded state is cached for the turn (one read)', async () => {
    const storage = new CountingStorage();
    const reads = jest.spyOn(storage, 'read');
    const state = new SnapshotConversationState(storage);
    const context = turn();
    await state.load(context);
    await state.createProperty('a').get(context);
    await state.load(context);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
