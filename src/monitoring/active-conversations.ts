/** Conversations remembered at most; past it the least recently active is forgotten. */
const MAX_TRACKED_CONVERSATIONS = 100_000;

/**
 * Which conversations had a turn recently, for the `switchboard_active_conversations` gauge:
 * one timestamp per conversation, bounded, oldest dropped first (a `Map` keeps insertion order and
 * a touched conversation is moved to the end).
 */
export class ActiveConversations {
  private readonly lastTurn = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Notes a turn of the conversation now. */
  touch(key: string): void {
    this.lastTurn.delete(key);
    this.lastTurn.set(key, this.now());
    if (this.lastTurn.size > MAX_TRACKED_CONVERSATIONS) {
      const oldest = this.lastTurn.keys().next();
      if (!oldest.done) this.lastTurn.delete(oldest.value);
    }
  }

  /** Conversations with a turn within the window; forgets the others. */
  count(): number {
    const since = this.now() - this.windowMs;
    for (const [key, at] of this.lastTurn) {
      if (at >= since) break;
      this.lastTurn.delete(key);
    }
    return this.lastTurn.size;
  }
}
