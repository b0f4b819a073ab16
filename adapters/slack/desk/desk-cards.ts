import { createHash } from 'node:crypto';
import type { TranscriptStore } from '../../../src/analytics/transcript-store';
import type { ChatLine } from '../../../src/handoff/handoff-events';
import { type Handoff, isActive } from '../../../src/handoff/handoff-record';
import type { Logger } from '../../../src/logging/logger';
import type { StateServices } from '../../../src/state/ports';
import { renderDeskCard, summaryOf } from './desk-card';
import type { DeskHandoffService } from './desk-options';
import type { DeskPoster } from './desk-poster';
import type { DeskCard, SlackDeskStore } from './desk-store';
import { changeNotes, chatLineText, type ShownHandoff } from './desk-texts';

/** A broadcast is acted on by the first process to claim it; the claim outlives any bus delay. */
const CLAIM_TTL_MS = 60 * 60 * 1000;
/** Desk updates of one handoff wait this long for the previous one (a Slack call with retries). */
const LOCK_WAIT_MS = 30_000;
const LOCK_TTL_MS = 30_000;

/** Options of {@link DeskCards}. */
export interface DeskCardsOptions {
  handoff: DeskHandoffService;
  transcripts: Pick<TranscriptStore, 'list'>;
  state: Pick<StateServices, 'dedupe' | 'locks'>;
  store: SlackDeskStore;
  poster: DeskPoster;
  /** Skill queue → desk channel. */
  channels: Readonly<Record<string, string>>;
  command: string;
  logger: Logger;
  now: () => number;
}

/**
 * Keeps each handoff's card and thread in step with the handoff, from whichever process hears of a
 * change. Every update runs under the handoff's lock (shared `LockService`) and re-reads the record,
 * so the card always shows the latest state whatever order broadcasts arrive in: the card is posted
 * when missing, updated when the record is newer than what it shows, moved when a transfer changes
 * its channel, and forgotten when the handoff ends. Chat lines are posted once (a dedupe claim
 * taken under the lock), after the card, in the order each process received them.
 */
export class DeskCards {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly options: DeskCardsOptions) {}

  /** A handoff changed: the first process to claim this version brings its card up to date. */
  changed(handoff: Handoff): Promise<void> {
    return this.enqueue(handoff.id, async () => {
      const key = `slack-desk:change:${handoff.id}:${handoff.version}:${handoff.joins}`;
      if (!(await this.options.state.dedupe.claim(key, CLAIM_TTL_MS))) return;
      await this.locked(handoff.id, () => this.reconcile(handoff.id));
    });
  }

  /** A live chat line: posted once in the card's thread. Lines written in Slack are there already. */
  line(handoffId: string, line: ChatLine): Promise<void> {
    if (line.from === 'agent' && line.via === 'slack') return Promise.resolve();
    return this.enqueue(handoffId, () =>
      this.locked(handoffId, async () => {
        const card = await this.reconcile(handoffId);
        if (!card || !(await this.options.state.dedupe.claim(lineKey(handoffId, line), CLAIM_TTL_MS))) return;
        const text = chatLineText(line);
        await this.options.poster.post(card.team, { channel: card.channel, thread_ts: card.ts, text });
      }),
    );
  }

  /** Brings the card of every open handoff up to date (start-up: what happened while the desk was away). */
  async catchUp(): Promise<void> {
    const open = await this.options.handoff.listOpen();
    await Promise.all(
      open.map((h) => this.enqueue(h.id, () => this.locked(h.id, () => this.reconcile(h.id)))),
    );
  }

  /** Resolves when every update started so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  /** Runs `work` after the handoff's earlier updates in this process; never rejects (failures are logged). */
  private enqueue(handoffId: string, work: () => Promise<unknown>): Promise<void> {
    const next = (this.chains.get(handoffId) ?? Promise.resolve()).then(work).then(
      () => undefined,
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        this.options.logger.error({ err: error, code, handoffId }, 'slack desk update failed');
      },
    );
    this.chains.set(handoffId, next);
    void next.finally(() => {
      if (this.chains.get(handoffId) === next) this.chains.delete(handoffId);
    });
    return next;
  }

  private async locked<T>(handoffId: string, work: () => Promise<T>): Promise<T> {
    const lock = await this.options.state.locks.acquire(`slack-desk:${handoffId}`, {
      waitMs: LOCK_WAIT_MS,
      ttlMs: LOCK_TTL_MS,
    });
    try {
      return await work();
    } finally {
      await lock.release();
    }
  }

  /** Makes the card show the handoff as stored now; the card, or undefined when there is none (any more). */
  private async reconcile(handoffId: string): Promise<DeskCard | undefined> {
    const { handoff: service, store, channels } = this.options;
    const [handoff, card] = await Promise.all([service.get(handoffId), store.card(handoffId)]);
    if (!handoff) return card;
    if (card && !isNewer(handoff, card)) return card;
    const channel = channels[handoff.skill];
    if (!card) return isActive(handoff) && channel ? this.open(handoff, channel) : undefined;
    if (channel && channel !== card.channel && isActive(handoff)) return this.move(card, handoff, channel);
    return this.refresh(card, handoff);
  }

  private async open(handoff: Handoff, channel: string, summary?: string[]): Promise<DeskCard> {
    const lines = summary ?? (await this.summary(handoff));
    const { poster, store } = this.options;
    const message = renderDeskCard({ ...this.view(handoff), summary: lines });
    const ts = await poster.post(poster.teamId, { channel, ...message });
    const place = { handoffId: handoff.id, channel, ts, summary: lines, team: poster.teamId };
    const card = cardOf(place, handoff);
    await store.save(card);
    this.options.logger.info(
      { handoffId: handoff.id, channel, skill: handoff.skill },
      'slack desk card posted',
    );
    if (handoff.status === 'assigned') await this.notes(card, undefined, handoff);
    return card;
  }

  private async refresh(card: DeskCard, handoff: Handoff): Promise<DeskCard | undefined> {
    const message = renderDeskCard({ ...this.view(handoff), summary: card.summary });
    await this.options.poster.update(card.team, { channel: card.channel, ts: card.ts, ...message });
    const next = cardOf(card, handoff);
    if (isActive(handoff)) await this.options.store.save(next);
    else await this.options.store.forget(card);
    await this.notes(card, card, handoff);
    return isActive(handoff) ? next : undefined;
  }

  /** A transfer to a skill shown in another channel: the old card says so, the new channel gets a card. */
  private async move(card: DeskCard, handoff: Handoff, channel: string): Promise<DeskCard> {
    const message = renderDeskCard({ ...this.view(handoff), summary: card.summary, movedTo: handoff.skill });
    await this.options.poster.update(card.team, { channel: card.channel, ts: card.ts, ...message });
    await this.notes(card, card, handoff);
    await this.options.store.forget(card, true);
    return this.open(handoff, channel, card.summary);
  }

  private async notes(card: DeskCard, before: ShownHandoff | undefined, now: Handoff): Promise<void> {
    for (const text of changeNotes(before, now, this.options.command)) {
      await this.options.poster.post(card.team, { channel: card.channel, thread_ts: card.ts, text });
    }
  }

  private async summary(handoff: Handoff): Promise<string[]> {
    try {
      const lines = await this.options.transcripts.list(handoff.conversationId);
      return summaryOf(lines.filter((l) => l.role === 'customer').map((l) => l.text));
    } catch (error) {
      this.options.logger.warn({ err: error, handoffId: handoff.id }, 'slack desk: transcript unavailable');
      return [];
    }
  }

  private view(handoff: Handoff) {
    return { handoff, now: this.options.now(), command: this.options.command };
  }
}

/** A card at `place` showing `handoff` as it is now. */
function cardOf(
  place: Pick<DeskCard, 'handoffId' | 'team' | 'channel' | 'ts' | 'summary'>,
  handoff: Handoff,
): DeskCard {
  const { handoffId, team, channel, ts, summary } = place;
  const { skill, status, version, joins, agentId, agentName } = handoff;
  const card: DeskCard = { handoffId, channel, ts, summary, skill, status, version, joins };
  if (team) card.team = team;
  if (agentId) card.agentId = agentId;
  if (agentName) card.agentName = agentName;
  return card;
}

function isNewer(handoff: Handoff, card: DeskCard): boolean {
  return handoff.version > card.version || (handoff.version === card.version && handoff.joins > card.joins);
}

function lineKey(handoffId: string, line: ChatLine): string {
  const digest = createHash('sha256').update(line.text).digest('hex').slice(0, 16);
  return `slack-desk:line:${handoffId}:${line.from}:${line.at}:${digest}`;
}
