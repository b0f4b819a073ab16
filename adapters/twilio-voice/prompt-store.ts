import type { Storage } from '../../src/state/ports';
import { NEW_PROMPT, type PromptState } from './voice-recovery';

/**
 * Each call's {@link PromptState} on the `Storage` port (key `voice/prompt/<CallSid>`). It is only
 * read and written inside a turn, under the conversation's turn lock, so plain writes are safe.
 * It is separate from the bot's conversation state so the bot's last-writer-wins save can never
 * overwrite it (or be overwritten by it).
 */
export class PromptStore {
  constructor(private readonly storage: Storage) {}

  /** The call's state, or a fresh one. */
  async get(callSid: string): Promise<PromptState> {
    const key = keyOf(callSid);
    const item = (await this.storage.read([key]))[key] as (PromptState & { eTag?: string }) | undefined;
    if (!item) return { ...NEW_PROMPT };
    return { misses: item.misses, silences: item.silences, replies: item.replies };
  }

  async save(callSid: string, state: PromptState): Promise<void> {
    await this.storage.write({ [keyOf(callSid)]: { ...state, eTag: '*' } });
  }

  async delete(callSid: string): Promise<void> {
    await this.storage.delete([keyOf(callSid)]);
  }
}

function keyOf(callSid: string): string {
  return `voice/prompt/${callSid}`;
}
