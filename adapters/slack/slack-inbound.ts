import type { App, Context } from '@slack/bolt';
import { hasErrorCode, SlackPayloadError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { ChannelRuntime } from '../../src/server/channel-plugin';
import type { DedupeStore } from '../../src/state/ports';
import type { BotLogic } from '../channel-adapter';
import { classifyBlockActions } from './block-actions';
import { conversationIdOf, type SlackTarget } from './conversation';
import type { SlackInstallationStore } from './installation-store';
import { classifyMessageEvent, type SlackEventMeta } from './mapping';
import type { SlackAdapter } from './slack-adapter';
import type { SlackThreadRegistry } from './thread-registry';

/** A file-only message is answered at most once per conversation per day, so it never nags. */
const NON_TEXT_NOTICE_TTL_MS = 24 * 60 * 60 * 1000;

/** Events API event types the channel listens to; others are acked and logged at debug level. */
export const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set([
  'message',
  'app_mention',
  'app_uninstalled',
  'tokens_revoked',
]);

/** Work the agent desk runs for one payload (tracked like a turn, its failure logged). */
export type SlackDeskWork = () => Promise<void>;

/**
 * The agent desk's claim on Slack payloads (adapters/slack/desk), checked before anything reaches
 * the customer bot: each method returns the work for a payload that belongs to the desk (messages
 * in its channels, its buttons, its slash command), or undefined for everything else.
 */
export interface SlackDeskRoute {
  message(event: unknown, meta: SlackEventMeta): SlackDeskWork | undefined;
  action(body: unknown, meta: SlackEventMeta): SlackDeskWork | undefined;
  command(body: unknown, meta: SlackEventMeta): SlackDeskWork | undefined;
}

/** What {@link SlackInbound} needs. */
export interface SlackInboundOptions {
  adapter: SlackAdapter;
  threads: SlackThreadRegistry;
  installations: SlackInstallationStore;
  dedupe: DedupeStore;
  runtime: Pick<ChannelRuntime, 'logic' | 'tracker' | 'logger'>;
  /** Stamped as the activities' `serviceUrl`. */
  serviceUrl: string;
  nonTextNotice: string | false;
  /** The agent desk, when one is attached: it sees payloads first. */
  desk?: () => SlackDeskRoute | undefined;
}

/**
 * The channel's Bolt listeners: messages, mentions and button clicks become turns. Bolt has already
 * acknowledged events when a listener runs (clicks are acknowledged first thing), and the turn is
 * started, not awaited, inside the turn tracker, so the acknowledgement never waits for the bot.
 */
export class SlackInbound {
  private readonly log: Logger;

  constructor(private readonly options: SlackInboundOptions) {
    this.log = options.runtime.logger.child({ channel: 'slack' });
  }

  /** Registers the listeners and the error handler on a Bolt app. */
  register(app: App): void {
    app.event('message', async ({ event, body, context }) =>
      this.onMessage(event, this.metaOf(body, context)),
    );
    app.event('app_mention', async ({ event, body, context }) =>
      this.onMessage(event, this.metaOf(body, context)),
    );
    app.action(/.*/, async ({ ack, body, context }) => {
      await ack();
      const meta = this.metaOf(body, context);
      if (!this.toDesk('action', body, meta)) this.onClick(body, meta);
    });
    app.command(/.*/, async ({ ack, body, context }) => {
      await ack();
      if (!this.toDesk('command', body, this.metaOf(body, context)))
        this.log.info({ command: body.command }, 'slack command without a handler acknowledged');
    });
    app.event('app_uninstalled', async ({ context }) => this.forget(context.teamId));
    app.event('tokens_revoked', async ({ context }) => this.forget(context.teamId));
    app.error(async (error) => this.onBoltError(error));
  }

  private onMessage(event: unknown, meta: SlackEventMeta): void {
    if (this.toDesk('message', event, meta)) return;
    const inbound = classifyMessageEvent(event, meta);
    if (inbound.kind === 'ignored') {
      this.ignored(inbound.reason, meta);
      return;
    }
    this.detach(async () => {
      if (inbound.inKnownThreadOnly && !(await this.options.threads.has(inbound.target))) {
        return this.ignored('reply in a thread the bot is not part of', meta);
      }
      if (inbound.kind === 'non-text') return this.noticeNonText(inbound.target);
      await this.options.adapter.processActivity(inbound.activity, this.options.runtime.logic);
    });
  }

  private onClick(body: unknown, meta: SlackEventMeta): void {
    const click = classifyBlockActions(body, meta);
    if (click.kind === 'ignored') {
      this.ignored(click.reason, meta);
      return;
    }
    const { adapter, runtime } = this.options;
    // The update runs inside the turn, after dedupe: a second click on the same message changes nothing.
    const logic: BotLogic = async (context) => {
      if (click.update) await this.showChoice(click.target, click.update);
      await runtime.logic(context);
    };
    this.detach(() => adapter.processActivity(click.activity, logic).then(() => undefined));
  }

  private async showChoice(
    target: SlackTarget,
    update: Parameters<SlackAdapter['showChoice']>[1],
  ): Promise<void> {
    try {
      await this.options.adapter.showChoice(target.team, update);
    } catch (error) {
      // The customer's choice still counts; only the buttons stay visible.
      this.log.warn(
        { err: error, code: codeOf(error), conversationId: conversationIdOf(target) },
        'slack choice update failed',
      );
    }
  }

  private async noticeNonText(target: SlackTarget): Promise<void> {
    const { nonTextNotice, dedupe, adapter } = this.options;
    const conversationId = conversationIdOf(target);
    this.log.info({ conversationId }, 'slack message without text');
    if (nonTextNotice === false) return;
    if (!(await dedupe.claim(`slack:non-text-notice:${conversationId}`, NON_TEXT_NOTICE_TTL_MS))) return;
    await adapter.postNotice(target, nonTextNotice);
  }

  private async forget(teamId: string | undefined): Promise<void> {
    if (!teamId) return;
    this.log.info({ teamId }, 'slack app uninstalled or tokens revoked');
    await this.options.installations.deleteInstallation?.(teamId);
  }

  /** Hands a payload to the agent desk when it is the desk's; true when it was. */
  private toDesk(kind: keyof SlackDeskRoute, payload: unknown, meta: SlackEventMeta): boolean {
    const work = this.options.desk?.()?.[kind](payload, meta);
    if (work) this.detach(work);
    return work !== undefined;
  }

  /** Runs work as a tracked turn without awaiting it; its failure is logged with its code. */
  private detach(work: () => Promise<void>): void {
    this.options.runtime.tracker.run(work).catch((error: unknown) => {
      this.log.error({ err: error, code: codeOf(error) }, 'slack turn failed');
    });
  }

  private ignored(reason: string, meta: SlackEventMeta): void {
    if (reason.startsWith('malformed')) {
      const error = new SlackPayloadError(reason);
      this.log.warn({ code: error.code, eventId: meta.eventId, teamId: meta.teamId }, error.message);
      return;
    }
    this.log.debug({ reason, eventId: meta.eventId, teamId: meta.teamId }, 'slack event ignored');
  }

  private metaOf(body: unknown, context: Context): SlackEventMeta {
    const eventId = (body as { event_id?: unknown }).event_id;
    const meta: SlackEventMeta = {
      teamId: context.teamId ?? context.enterpriseId ?? 'unknown',
      eventId: typeof eventId === 'string' ? eventId : undefined,
      bot: { userId: context.botUserId, botId: context.botId },
      serviceUrl: this.options.serviceUrl,
    };
    // Retries are handled like first deliveries: the dedupe middleware drops what was already handled.
    if (context.retryNum)
      this.log.debug({ eventId: meta.eventId, retryNum: context.retryNum }, 'slack retry received');
    return meta;
  }

  private async onBoltError(error: Error): Promise<void> {
    // Bolt wraps a failed authorization (unknown workspace, invalid token) in an AuthorizationError.
    const original = (error as { original?: unknown }).original ?? error;
    const code = codeOf(original);
    const expected = code === 'SWB_ERR_SLACK_WORKSPACE_UNKNOWN';
    this.log[expected ? 'warn' : 'error']({ err: original, code }, 'slack event not handled');
  }
}

function codeOf(error: unknown): string | undefined {
  if (hasErrorCode(error)) return error.code;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
