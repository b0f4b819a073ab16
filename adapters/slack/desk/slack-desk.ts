import { SlackPayloadError } from '../../../src/errors';
import {
  HANDOFF_BUS_CHANNEL,
  type HandoffBroadcast,
  type HandoffEvents,
} from '../../../src/handoff/handoff-events';
import type { Handoff } from '../../../src/handoff/handoff-record';
import type { Logger } from '../../../src/logging/logger';
import type { SlackEventMeta } from '../mapping';
import type { SlackDeskRoute, SlackDeskWork } from '../slack-inbound';
import { DeskActions } from './desk-actions';
import { DeskCards } from './desk-cards';
import { checkDeskSettings, DEFAULT_DESK_COMMAND, type SlackDeskOptions } from './desk-options';
import { channelOfEvent, classifyDeskClick, classifyDeskCommand, classifyDeskMessage } from './desk-payloads';
import { DeskPoster } from './desk-poster';
import { SlackDeskStore } from './desk-store';

/** Handoff changes that move a card (each also arrives as a bus broadcast). */
const CHANGE_EVENTS = [
  'queued',
  'joined',
  'assigned',
  'requeued',
  'resolved',
  'expired',
  'cancelled',
] as const satisfies ReadonlyArray<keyof HandoffEvents>;

/**
 * The Slack agent desk: escalations posted as cards in a channel per skill queue, claimed with a
 * button, answered in the card's thread, resolved by button or `/switchboard resolve` — all through
 * the same `HandoffService` as the agent console. Attached to the `SlackChannel`, it takes its
 * payloads (messages in desk channels, its buttons, its command) before the customer bot sees them.
 * Cards follow the handoff broadcasts on the bus, so they move whichever process made the change;
 * card positions live in the shared `Storage`, so any process can relay.
 *
 * @example
 * const desk = new SlackDesk({ channels: { general: 'C0123' }, agents: { U0456: 'alice' }, handoff, directory, transcripts, state, api: slack.api, installations: slack.installations, logger });
 * slack.attachDesk(desk);
 * await desk.start();
 */
export class SlackDesk implements SlackDeskRoute {
  /** The slash command the desk answers. */
  readonly slashCommand: string;
  private readonly deskChannels: ReadonlySet<string>;
  private readonly cards: DeskCards;
  private readonly actions: DeskActions;
  private readonly log: Logger;
  private readonly stops: Array<() => unknown> = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  private catchingUp: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: SlackDeskOptions) {
    checkDeskSettings(options);
    this.slashCommand = options.command ?? DEFAULT_DESK_COMMAND;
    this.deskChannels = new Set(Object.values(options.channels));
    this.log = options.logger.child({ channel: 'slack', component: 'slack-desk' });
    const { api, installations, teamId, state, handoff } = options;
    const poster = new DeskPoster({ api, installations, teamId, logger: this.log });
    const store = new SlackDeskStore(state.storage);
    const common = { handoff, store, poster, command: this.slashCommand, logger: this.log };
    this.cards = new DeskCards({
      ...common,
      transcripts: options.transcripts,
      state,
      channels: options.channels,
      now: options.now ?? Date.now,
    });
    this.actions = new DeskActions({
      ...common,
      directory: options.directory,
      agents: options.agents,
      dedupe: state.dedupe,
    });
  }

  /** Messages in desk channels (of the desk's workspace) are the desk's; thread replies are relayed. */
  message(event: unknown, meta: SlackEventMeta): SlackDeskWork | undefined {
    const channel = channelOfEvent(event);
    if (!channel || !this.deskChannels.has(channel) || !this.inWorkspace(meta)) return undefined;
    const routed = classifyDeskMessage(event, meta);
    if (routed.kind === 'ignored')
      return async () => this.log.debug({ reason: routed.reason, channel }, 'slack desk message ignored');
    return () => this.guard('reply', () => this.actions.reply(routed, meta.teamId));
  }

  /** Clicks on the desk's buttons (`swb_desk_…`). */
  action(body: unknown, meta: SlackEventMeta): SlackDeskWork | undefined {
    const click = classifyDeskClick(body);
    if (click.kind === 'not-desk') return undefined;
    if (click.kind === 'malformed') return async () => this.malformed(click.reason);
    return () => this.guard(click.action, () => this.actions.click(click, meta.teamId));
  }

  /** The desk's slash command. */
  command(body: unknown, meta: SlackEventMeta): SlackDeskWork | undefined {
    const request = classifyDeskCommand(body, this.slashCommand);
    if (request.kind === 'not-desk') return undefined;
    if (request.kind === 'malformed') return async () => this.malformed(request.reason);
    return () => this.guard('command', () => this.actions.command(request, meta.teamId));
  }

  /** Follows handoff changes (bus and this process's events) and brings open handoffs' cards up to date. */
  async start(): Promise<void> {
    const { bus } = this.options.state;
    this.unsubscribe ??= await bus.subscribe(HANDOFF_BUS_CHANNEL, (raw) => this.onBroadcast(raw));
    // This process's own events come first: the process that escalated posts the card, with its transcript.
    for (const event of CHANGE_EVENTS) {
      this.stops.push(this.options.handoff.on(event, (handoff: Handoff) => void this.cards.changed(handoff)));
    }
    this.catchingUp = this.cards.catchUp().catch((error: unknown) => {
      this.log.warn({ err: error }, 'slack desk could not list open handoffs at start');
    });
  }

  /** Stops following changes and waits for the updates in flight; idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const stop of this.stops.splice(0)) stop();
      await this.unsubscribe?.();
      await this.catchingUp;
      await this.cards.drain();
    })();
    return this.closing;
  }

  private onBroadcast(raw: string): void {
    if (this.closing) return;
    let message: HandoffBroadcast;
    try {
      message = JSON.parse(raw) as HandoffBroadcast;
    } catch (error) {
      this.log.warn({ err: error }, 'malformed handoff broadcast ignored');
      return;
    }
    if (message.type === 'handoff') void this.cards.changed(message.handoff);
    else void this.cards.line(message.handoffId, message.line);
  }

  private inWorkspace(meta: SlackEventMeta): boolean {
    return this.options.teamId === undefined || this.options.teamId === meta.teamId;
  }

  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.log.error({ err: error, code, action: what }, 'slack desk action failed');
    }
  }

  private malformed(reason: string): void {
    const error = new SlackPayloadError(reason);
    this.log.warn({ code: error.code }, error.message);
  }
}
