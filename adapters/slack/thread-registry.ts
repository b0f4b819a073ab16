import type { Storage } from 'botbuilder-core';
import { conversationIdOf, type SlackTarget } from './conversation';

/** Threads remembered in-process before the cache is reset; bounds memory, storage stays the truth. */
const MAX_CACHED_THREADS = 10_000;

/**
 * The threads the bot takes part in (it posted there), kept in the shared `Storage` so every
 * process agrees. In channels, a reply in such a thread continues the conversation without a new
 * mention; replies in other people's threads are none of the bot's business.
 */
export class SlackThreadRegistry {
  private readonly cached = new Set<string>();

  constructor(private readonly storage: Storage) {}

  /** Records that the bot posted in the target's thread (no-op for a DM's main timeline). */
  async remember(target: SlackTarget): Promise<void> {
    if (!target.threadTs) return;
    const key = this.key(target);
    if (this.cached.has(key)) return;
    await this.storage.write({ [key]: { since: new Date().toISOString(), eTag: '*' } });
    this.cache(key);
  }

  /** True when the bot posted in the target's thread. */
  async has(target: SlackTarget): Promise<boolean> {
    if (!target.threadTs) return false;
    const key = this.key(target);
    if (this.cached.has(key)) return true;
    const items = await this.storage.read([key]);
    if (items[key] === undefined) return false;
    this.cache(key);
    return true;
  }

  private cache(key: string): void {
    if (this.cached.size >= MAX_CACHED_THREADS) this.cached.clear();
    this.cached.add(key);
  }

  private key(target: SlackTarget): string {
    return `slack/thread/${conversationIdOf(target)}`;
  }
}
