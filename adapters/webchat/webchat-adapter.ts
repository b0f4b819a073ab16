import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import { TURN_ACCEPTED_KEY, type TurnAcceptedHook } from '../../src/bot/turn-keys';
import type { Logger } from '../../src/logging/logger';
import type { MessageBus, ReplyAnnouncement, ReplyLog } from '../../src/state/ports';
import { type BotLogic, ChannelAdapter } from '../channel-adapter';
import { customerEcho, fromActivity, toActivity, WEBCHAT_CHANNEL_ID } from './mapping';
import type { InboundTurn, ServerFrame, WebChatMessage } from './protocol';
import type { WebChatSession } from './session-token';

/** Turn-state key of the list collecting the messages sent during one HTTP turn. */
const COLLECTOR_KEY = Symbol('switchboard.webchat.collector');

/** Options of {@link WebChatAdapter}. */
export interface WebChatAdapterOptions {
  /** Keeps every message per conversation for catch-up after a reconnect. */
  replies: ReplyLog;
  /** Fans messages out to the process that holds the customer's socket. */
  bus: MessageBus;
  /** This deployment's public base URL, stamped as `serviceUrl`. */
  publicBaseUrl: string;
  /** Where a failed fan-out is reported (the turn goes on: clients catch up from the reply log). */
  logger?: Pick<Logger, 'warn'>;
  /**
   * How long a turn runs before the customer sees "typing" (default 250 ms), and how often it is
   * repeated while the turn still runs (default 3 s). A fast turn's reply arrives without a
   * flicker of typing dots, and costs no fan-out for them.
   */
  typing?: { delayMs?: number; repeatMs?: number };
}

const DEFAULT_TYPING_DELAY_MS = 250;
const DEFAULT_TYPING_REPEAT_MS = 3_000;

/** What one inbound turn produced. */
export interface WebChatTurnResult {
  /** Messages the bot sent during the turn (empty for a duplicate). */
  messages: WebChatMessage[];
  duplicate: boolean;
}

/** The bus channel of a conversation. */
export function webChatChannel(conversationId: string): string {
  return `webchat:${conversationId}`;
}

/**
 * The `message` frame of a logged message, around its sequence number: exactly
 * `JSON.stringify({ type: 'message', message: { ...shown, seq } })`.
 */
function messageFrame(conversationId: string, shownJson: string): ReplyAnnouncement {
  const fields = shownJson.slice(1, -1);
  return {
    channel: webChatChannel(conversationId),
    before: `{"type":"message","message":{${fields}${fields ? ',' : ''}"seq":`,
    after: '}}',
  };
}

/**
 * The web chat channel. Every message to a conversation is appended to the reply log (it gets a
 * sequence number) and published on the bus, so a socket held by any process receives it and a
 * reconnecting client catches up from its last sequence number.
 */
export class WebChatAdapter extends ChannelAdapter {
  readonly channelId = WEBCHAT_CHANNEL_ID;

  constructor(private readonly options: WebChatAdapterOptions) {
    super();
  }

  /** Runs one inbound turn for a verified session; returns what the bot sent during it. */
  async receive(session: WebChatSession, turn: InboundTurn, logic: BotLogic): Promise<WebChatTurnResult> {
    const activity = toActivity(session, turn, this.options.publicBaseUrl);
    const collected: WebChatMessage[] = [];
    let accepted = false;
    // The echo is recorded once the turn is accepted, so it is logged even when the handoff gate
    // keeps the bot silent (the customer's message then goes to an agent).
    const onAccepted: TurnAcceptedHook = async (context) => {
      accepted = true;
      if (context.activity.type === 'message')
        await this.publishMessage(session.conversationId, customerEcho(activity));
    };
    const withTyping: BotLogic = async (context) => {
      const stopTyping = this.typingWhileSlow(session.conversationId);
      try {
        await logic(context);
      } finally {
        stopTyping();
      }
    };
    await this.processActivity(activity, withTyping, {
      turnState: [
        [COLLECTOR_KEY, collected],
        [TURN_ACCEPTED_KEY, onAccepted],
      ],
    });
    return { messages: collected.filter((m) => m.from !== 'customer'), duplicate: !accepted };
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id ?? '';
    const collector = context.turnState.get(COLLECTOR_KEY) as WebChatMessage[] | undefined;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'typing') {
        this.publishFrame(conversationId, { type: 'typing', from: 'bot' });
        responses.push({ id: '' });
        continue;
      }
      const shown = fromActivity(activity);
      if (!shown) {
        responses.push({ id: '' });
        continue;
      }
      const message = await this.publishMessage(conversationId, shown);
      collector?.push(message);
      responses.push({ id: String(message.seq) });
    }
    return responses;
  }

  /** Messages after `afterSeq`, for catch-up. */
  async history(conversationId: string, afterSeq: number, limit?: number): Promise<WebChatMessage[]> {
    const entries = await this.options.replies.readAfter(conversationId, afterSeq, limit);
    return entries.map((e) => ({ ...(JSON.parse(e.payload) as Omit<WebChatMessage, 'seq'>), seq: e.seq }));
  }

  /** Shows "typing" once the turn has run for the delay, repeated while it runs; returns the stop. */
  private typingWhileSlow(conversationId: string): () => void {
    const delayMs = this.options.typing?.delayMs ?? DEFAULT_TYPING_DELAY_MS;
    const repeatMs = this.options.typing?.repeatMs ?? DEFAULT_TYPING_REPEAT_MS;
    let repeat: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      const show = () => this.publishFrame(conversationId, { type: 'typing', from: 'bot' });
      show();
      repeat = setInterval(show, repeatMs);
      repeat.unref();
    }, delayMs);
    first.unref();
    return () => {
      clearTimeout(first);
      clearInterval(repeat);
    };
  }

  private async publishMessage(
    conversationId: string,
    shown: Omit<WebChatMessage, 'seq'>,
  ): Promise<WebChatMessage> {
    // The log assigns the sequence number and announces the message frame, seq included, to the
    // sockets in the same step (one Redis script; a socket that misses it catches up from the log).
    const payload = JSON.stringify(shown);
    const entry = await this.options.replies.append(
      conversationId,
      payload,
      messageFrame(conversationId, payload),
    );
    return { ...shown, seq: entry.seq };
  }

  /**
   * Fans a frame out to the sockets without waiting for the bus: the reply log is the record (a
   * socket that misses a frame catches up from it) and one connection keeps frames in order, so
   * the turn need not spend a Redis round trip per frame.
   */
  private publishFrame(conversationId: string, frame: ServerFrame): void {
    this.options.bus
      .publish(webChatChannel(conversationId), JSON.stringify(frame))
      .catch((error: unknown) => {
        this.options.logger?.warn(
          { err: error, conversationId },
          'web chat fan-out failed; sockets will catch up',
        );
      });
  }
}
