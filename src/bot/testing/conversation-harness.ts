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
}

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
  private readonly userId = 'customer-1';
  private readonly conversationId = `conversation-${Date.now().toString(36)}`;

  private constructor(
    private readonly adapter: HarnessAdapter,
    private readonly logic: BotLogic,
    private readonly state: StateServices,
    private readonly expand: (text: string) => string,
  ) {}

  /** Builds the bot and its pipeline on memory state. */
  static async create(options: HarnessOptions): Promise<ConversationHarness> {
    const state = createStateServices({});
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
      inner: options.inner,
    });
    const adapter = new HarnessAdapter(options.channel);
    adapter.use(...runtime.pipeline);
    const harness = new ConversationHarness(adapter, runtime.logic, state, options.expand ?? ((t) => t));
    if (options.profile) await harness.seedProfile(options.channel, options.profile);
    return harness;
  }

  /** The customer opens the conversation (the bot's welcome). */
  start(): Promise<TurnRecord> {
    return this.run({ type: 'conversationUpdate', membersAdded: [{ id: this.userId, name: 'Customer' }] });
  }

  /** The customer sends a message (typed, an SMS, a transcribed utterance or a keypad digit). */
  say(text: string): Promise<TurnRecord> {
    return this.run({ type: 'message', text: this.expand(text) });
  }

  async close(): Promise<void> {
    await this.state.close();
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
    return { replies: collected.map(replyFromActivity), understood, dialogs: await this.activeDialogs() };
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

interface DialogStack {
  dialogStack?: Array<{ id: string; state?: { dialogs?: DialogStack } }>;
}

function stackIds(stack: DialogStack | undefined): string[] {
  // botbuilder-js keeps the active dialog at the end of the stack.
  const top = stack?.dialogStack?.at(-1);
  return top ? [top.id, ...stackIds(top.state?.dialogs)] : [];
}
