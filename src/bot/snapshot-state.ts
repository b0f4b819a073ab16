import { type BotState, ConversationState, type Storage, type TurnContext, UserState } from 'botbuilder-core';

/** What botbuilder caches per turn for one state: the state object and its change marker. */
interface CachedState {
  state: Record<string, unknown>;
  hash: string;
}

/** The state's JSON without its eTag: the change marker, compared as it is instead of hashed. */
function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor must accept any arguments.
type BotStateClass = abstract new (...args: any[]) => BotState;

/**
 * botbuilder's change detection without the hashing: `BotState` marks a loaded state with the
 * SHA-256 of its JSON (through a replacer function) and hashes it again on every save, which is
 * one of the largest costs of a small turn. Here the marker is the JSON itself, from the native
 * `JSON.stringify`: the same decision (save when anything but the eTag changed), cheaper.
 *
 * Everything else is botbuilder's: the turn-state slot (`stateKey`), `clear` (empty marker, so the
 * next save writes), `delete`, `get` and the property accessors.
 */
function withSnapshots<Base extends BotStateClass>(base: Base) {
  abstract class SnapshotState extends base {
    /** The turn-state slot botbuilder keeps the cached state in (private in `BotState`). */
    private get cacheSlot(): symbol {
      return Reflect.get(this, 'stateKey') as symbol;
    }

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = context.turnState.get(this.cacheSlot) as CachedState | undefined;
      if (!force && cached?.state) return cached.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state = (items[key] ?? {}) as Record<string, unknown>;
      context.turnState.set(this.cacheSlot, { state, hash: snapshot(state) } satisfies CachedState);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      let cached = context.turnState.get(this.cacheSlot) as CachedState | undefined;
      if (!force && (!cached || cached.hash === snapshot(cached.state))) return;
      const key = await this.storageKey(context);
      cached ??= { state: {}, hash: '' };
      cached.state['eTag'] = '*';
      await this.storage.write({ [key]: cached.state });
      cached.hash = snapshot(cached.state);
      context.turnState.set(this.cacheSlot, cached);
    }
  }
  return SnapshotState;
}

/** `ConversationState` with {@link withSnapshots}' cheaper change detection. */
export class SnapshotConversationState extends withSnapshots(ConversationState) {
  constructor(storage: Storage, namespace?: string) {
    super(storage, namespace);
  }
}

/** `UserState` with {@link withSnapshots}' cheaper change detection. */
export class SnapshotUserState extends withSnapshots(UserState) {
  constructor(storage: Storage, namespace?: string) {
    super(storage, namespace);
  }
}
