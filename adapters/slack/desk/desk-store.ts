import type { HandoffStatus } from '../../../src/handoff/handoff-record';
import type { Storage } from '../../../src/state/ports';

/** A handoff's card on the desk, as stored in the shared `Storage` (Redis in production). */
export interface DeskCard {
  handoffId: string;
  /** The workspace the card was posted in (its bot token posts the updates). */
  team?: string;
  channel: string;
  /** The card message; its thread is the live chat. */
  ts: string;
  /** What the card shows now, to know what changed at the next update. */
  skill: string;
  status: HandoffStatus;
  version: number;
  joins: number;
  agentId?: string;
  agentName?: string;
  /** The customer's last lines when the card was posted (kept: transcripts may live in another process). */
  summary: string[];
}

/** Key prefix of the desk's items. */
const PREFIX = 'slack-desk/';

/**
 * Where the desk keeps each handoff's card (channel and `ts`) and, the other way round, which handoff
 * a card thread belongs to — in the deployment's shared `Storage`, so whichever process receives a
 * Slack event, or a handoff broadcast, finds the card. A card is forgotten when its handoff ends.
 */
export class SlackDeskStore {
  constructor(private readonly storage: Storage) {}

  /** The card of a handoff, if it has one. */
  async card(handoffId: string): Promise<DeskCard | undefined> {
    const key = cardKey(handoffId);
    const item = (await this.storage.read([key]))[key] as (DeskCard & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...card } = item;
    return card;
  }

  /** The handoff whose card starts the thread `threadTs` in `channel`. */
  async threadOwner(channel: string, threadTs: string): Promise<string | undefined> {
    const key = threadKey(channel, threadTs);
    const item = (await this.storage.read([key]))[key] as { handoffId?: unknown } | undefined;
    return typeof item?.handoffId === 'string' ? item.handoffId : undefined;
  }

  /** Saves a card and its thread index. */
  async save(card: DeskCard): Promise<void> {
    await this.storage.write({
      [cardKey(card.handoffId)]: { ...card, eTag: '*' },
      [threadKey(card.channel, card.ts)]: { handoffId: card.handoffId, eTag: '*' },
    });
  }

  /** Forgets a card (its handoff ended, or it moved to another channel). */
  async forget(card: Pick<DeskCard, 'handoffId' | 'channel' | 'ts'>, keepCard = false): Promise<void> {
    const keys = [threadKey(card.channel, card.ts)];
    if (!keepCard) keys.push(cardKey(card.handoffId));
    await this.storage.delete(keys);
  }
}

function cardKey(handoffId: string): string {
  return `${PREFIX}card/${handoffId}`;
}

function threadKey(channel: string, threadTs: string): string {
  return `${PREFIX}thread/${channel}/${threadTs}`;
}
