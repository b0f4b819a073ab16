import type { Activity, Middleware, ResourceResponse, TurnContext } from 'botbuilder-core';
import { type BotLogic, ChannelAdapter } from '../../../adapters/channel-adapter';
import type { IntentResult } from '../../../dialogs/intent';
import { MemoryTranscriptStore } from '../../analytics/transcript-store';
import { createLogger, createSilentLogger } from '../../logging/logger';
import type { ChannelKind, Reply } from '../../rendering/reply';
import type { StateServices } from '../../state/ports';
import { createStateServices } from '../../state/state-services';
import { type BotFactoryContext, createBotRuntime } from '../bot-runtime';
import { ConversationReferenceStore } from '../conversation-reference-store';
import { getNluResult } from '../nlu/nlu-middleware';
import { replyFromActivity } from '../reply-activity';

/** What one customer turn produced. */
export interface TurnRecord {
  replies: Reply[];
  /** What the NLU understood of the customer's message, when NLU ran. */
  understood: IntentResult | undefined;
  /** Ids of the active dialogs after the turn, outermost first. */
  dialogs: string[];
  /** The conversation's active handoff after the turn (when the harness has handoff), else undefined. */
  handoff: HarnessHandoffView | undefined;
}

/** What a script can check of a conversation's active handoff. */
export interface HarnessHandoffView {
  status: string;
  skill: string;
  reason: string;
}

/** Human handoff plugged into a harness: its gate runs in the pipeline, as in production. */
export interface HarnessHandoff {
  /** The handoff gate middleware (the server's `gate` slot). */
  gate: Middleware;
  /** The conversation's active (pending or assigned) handoff, if any. */
  active(channelId: string, conversationId: string): Promise<HarnessHandoffView | undefined>;
}

/**
 * The customer's id on SMS and voice when a script names none: a well-formed number the demo bank
 * does not know, as a texter or caller from a new number would have (the platforms' `From`).
 */
export const UNKNOWN_CALLER = '+12025550199';

/** Options of {@link ConversationHarness.create}. */
export interface HarnessOptions {
  channel: ChannelKind;
  /** Builds the bot under test (the same factory the server uses). */
  bot: (context: BotFactoryContext) => BotLogic;
  /** NLU and other inner middleware, as in production. */
  inner?: Middleware[];
  /** User state to start with (`profile` property). */
  profile?: Record<string, unknown>;
  /** Expands placeholders in what the customer says (e.g. `{{otp:cust-1001}}` → the code just sent). */
  expand?: (text: string) => string;
  /**
   * The customer's phone number on SMS and voice (the adapters use the `From` number as the user
   * id); default {@link UNKNOWN_CALLER}. Web chat and Slack customers get a plain user id.
   */
  caller?: string;
  /** The state the bot lives in (default: fresh memory state); closed with the harness. */
  state?: StateServices;
  /** Human handoff: the gate in the pipeline and a view of the active handoff for scripts. */
  handoff?: HarnessHandoff;
  /** Runs when the harness closes, before its state closes (stop handoff services, ...). */
  onClose?: () => Promise<void>;
}

const COLLECT = Symbol('switchboard.harness.collect');

class HarnessAdapter extends ChannelAdapter {
  constructor(readonly channelId: string) {
    super();
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const collected = context.turnState.get(COLLECT) as Partial<Activity>[] | undefined;
    collected?.push(...activities.filter((a) => a.type === undefined || a.type === 'message'));
    return activities.map((_, i) => ({ id: String(i) }));
  }
}

/**
 * Runs a bot in-process through the production pipeline on one channel, turn by turn, and records
 * what it replied — the engine of conversation tests (`switchboard test`).
 */
export class ConversationHarness {
  private turn = 0;
  private session = 0;
  private readonly userId: string;
  private conversationId = newConversationId(0);

  private constructor(
    private readonly adapter: HarnessAdapter,
    private readonly logic: BotLogic,
    private readonly state: StateServices,
    private readonly options: HarnessOptions,
  ) {
    const phone = options.channel === 'sms' || options.channel === 'voice';
    this.userId = phone ? (options.caller ?? UNKNOWN_CALLER) : 'customer-1';
  }

  /** Builds the bot and its pipeline on the given state, or on fresh memory state. */
  static async create(options: HarnessOptions): Promise<ConversationHarness> {
    const state = options.state ?? createStateServices({});
    const runtime = createBotRuntime({
      // SWITCHBOARD_TEST_LOG=debug shows the pipeline's logs (errors caught by the boundary) while writing scripts.
      logger: process.env['SWITCHBOARD_TEST_LOG']
        ? createLogger({ level: process.env['SWITCHBOARD_TEST_LOG'] })
        : createSilentLogger(),
      state,
      references: new ConversationReferenceStore(state.storage),
      transcripts: new MemoryTranscriptStore(),
      turnLock: { waitMs: 5000, ttlMs: 30_000 },
      bot: options.bot,
      gate: options.handoff ? [options.handoff.gate] : undefined,
      inner: options.inner,
    });
    const adapter = new HarnessAdapter(options.channel);
    adapter.use(...runtime.pipeline);
    const harness = new ConversationHarness(adapter, runtime.logic, state, options);
    if (options.profile) await harness.seedProfile(options.channel, options.profile);
    return harness;
  }

  /**
   * The customer comes back later: a new conversation (fresh conversation state, no active
   * dialog) of the same customer, whose user state — what the bot remembers of them — is kept.
   */
  restart(): void {
    this.session += 1;
    this.conversationId = newConversationId(this.session);
  }

  /** The customer opens the conversation (the bot's welcome). */
  start(): Promise<TurnRecord> {
    return this.run({ type: 'conversationUpdate', membersAdded: [{ id: this.userId, name: 'Customer' }] });
  }

  /** The customer sends a message (typed, an SMS, a transcribed utterance or a keypad digit). */
  say(text: string): Promise<TurnRecord> {
    const expand = this.options.expand ?? ((t: string) => t);
    return this.run({ type: 'message', text: expand(text) });
  }

  /** Closes what the harness was given to close (`onClose`), then its state. */
  async close(): Promise<void> {
    try {
      await this.options.onClose?.();
    } finally {
      await this.state.close();
    }
  }

  private async run(activity: Partial<Activity>): Promise<TurnRecord> {
    const collected: Partial<Activity>[] = [];
    let understood: IntentResult | undefined;
    const spy = async (context: TurnContext) => {
      understood = getNluResult(context);
      await this.logic(context);
    };
    await this.adapter.processActivity(
      {
        ...activity,
        id: `turn-${++this.turn}`,
        from: { id: this.userId, name: 'Customer', role: 'user' },
        recipient: { id: 'bot', name: 'Bot', role: 'bot' },
        conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        serviceUrl: 'http://localhost',
      },
      spy,
      { turnState: [[COLLECT, collected]] },
    );
    return {
      replies: collected.map(replyFromActivity),
      understood,
      dialogs: await this.activeDialogs(),
      handoff: await this.options.handoff?.active(this.adapter.channelId, this.conversationId),
    };
  }

  private async seedProfile(channel: string, profile: Record<string, unknown>): Promise<void> {
    // botbuilder's UserState key: `<channel>/users/<user>/<namespace>` (the default namespace is empty).
    await this.state.storage.write({ [`${channel}/users/${this.userId}/`]: { profile, eTag: '*' } });
  }

  private async activeDialogs(): Promise<string[]> {
    const key = `${this.adapter.channelId}/conversations/${this.conversationId}/`;
    const stored = (await this.state.storage.read([key]))[key] as { dialogState?: DialogStack } | undefined;
    return stackIds(stored?.dialogState);
  }
}

function newConversationId(session: number): string {
  return `conversation-${Date.now().toString(36)}-${session}`;
}

interface DialogStack {
  dialogStack?: Array<{ id: string; state?: { dialogs?: DialogStack } }>;
}

function stackIds(stack: DialogStack | undefined): string[] {
  // botbuilder-js keeps the active dialog at the end of the stack.
  const top = stack?.dialogStack?.at(-1);
  return top ? [top.id, ...stackIds(top.state?.dialogs)] : [];
}
