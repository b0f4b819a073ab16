import type {
  Activity,
  ConversationState,
  ResourceResponse,
  StatePropertyAccessor,
  TurnContext,
} from 'botbuilder-core';
import type twilio from 'twilio';
import { HANDOFF_STATUS_EVENT } from '../../src/bot/handoff/handoff-gate';
import { replyActivity } from '../../src/bot/reply-activity';
import { UnsupportedActivityError } from '../../src/errors';
import type { Choice } from '../../src/rendering/reply';
import { type BotLogic, ChannelAdapter } from '../channel-adapter';
import { toTwilioApiError } from '../twilio-shared/twilio-client';
import {
  callEndActivity,
  callStartActivity,
  classifyInput,
  type HeardInput,
  inputActivity,
  noMatchActivity,
  VOICE_CHANNEL_ID,
  type VoiceMappingSettings,
} from './mapping';
import type { PromptStore } from './prompt-store';
import {
  gatherTwiml,
  hangUpTwiml,
  promptOfReplies,
  repliesOf,
  type TwimlSettings,
  type VoicePrompt,
} from './twiml';
import type { VoiceHandoff } from './voice-handoff';
import { type Recovery, recoverFromNoMatch, recoverFromSilence, type VoicePrompts } from './voice-recovery';
import type { CallInfo, GatherResult } from './voice-webhook';

/**
 * The conversation-state property where the choice-input middleware keeps the choices last
 * offered (created in src/bot/bot-runtime.ts); digits pressed are mapped against it.
 */
export const OFFERED_CHOICES_PROPERTY = 'offeredChoices';

/** Options of {@link VoiceAdapter}. */
export interface VoiceAdapterOptions {
  /** The Twilio REST client (`calls(sid).update` for proactive messages). */
  client: Pick<twilio.Twilio, 'calls'>;
  prompts: PromptStore;
  /** Conversation state on the bot's storage: read for offered choices, deleted when a call ends. */
  conversationState: ConversationState;
  mapping: VoiceMappingSettings;
  twiml: TwimlSettings;
  texts: VoicePrompts;
  /** Handoff on a call (queue, agent bridge); inert until a deployment's handoff is attached. */
  handoff?: VoiceHandoff;
}

/**
 * The voice channel's adapter. A call's turns run with `deliveryMode: 'expectReplies'`: the bot's
 * replies are buffered, rendered by `renderVoice` and returned as the webhook's TwiML (`<Say>`
 * inside the next `<Gather>`). Low ASR confidence and silence are handled here, without NLU or the
 * bot, but still as turns of the pipeline (turn lock, transcript). Proactive messages (an agent, a
 * queue update) replace the call's TwiML through `calls(sid).update({ twiml })`.
 */
export class VoiceAdapter extends ChannelAdapter {
  readonly channelId = VOICE_CHANNEL_ID;
  private readonly offered: StatePropertyAccessor<Choice[]>;

  constructor(private readonly options: VoiceAdapterOptions) {
    super();
    this.offered = options.conversationState.createProperty<Choice[]>(OFFERED_CHOICES_PROPERTY);
  }

  /** Handoff on a call (what `voiceHandoffModule` attaches the deployment's handoff to). */
  get handoff(): VoiceHandoff | undefined {
    return this.options.handoff;
  }

  /** A new call: the bot's welcome inside the first `<Gather>`. */
  async answer(call: CallInfo, logic: BotLogic): Promise<string> {
    const prompt = await this.converse(call, callStartActivity(call, this.options.mapping), logic);
    if (prompt.says.length === 0) prompt.says.push(this.options.texts.greeting);
    return gatherTwiml(prompt, this.options.twiml);
  }

  /**
   * A `<Gather>` result: a turn of the bot, or a re-prompt when nothing usable was heard. A turn
   * that escalated to a person ends with the caller put on hold (`<Enqueue>`).
   */
  async hear(result: GatherResult, logic: BotLogic): Promise<string> {
    const heard = classifyInput(result, this.options.mapping.minConfidence);
    if (heard.kind === 'lowConfidence' || heard.kind === 'silence') return this.recover(result.call, heard);
    const prompt = await this.converse(
      result.call,
      inputActivity(result.call, heard, this.options.mapping),
      logic,
    );
    const queued = await this.options.handoff?.queueIfEscalated(result.call, prompt.says);
    return queued ?? gatherTwiml(prompt, this.options.twiml);
  }

  /**
   * The call ended: the bot sees `endOfConversation`, then the call's conversation state is
   * deleted and its handoff, if any, cancelled.
   */
  async hangUp(call: CallInfo, logic: BotLogic): Promise<void> {
    await this.processActivity(callEndActivity(call, this.options.mapping), async (context) => {
      await logic(context);
      await this.options.conversationState.delete(context);
      await this.options.prompts.delete(call.callSid);
    });
    await this.options.handoff?.callEnded(call.callSid);
  }

  /** The TwiML of a list of replies (proactive messages, tests). */
  twimlFor(activities: readonly Partial<Activity>[]): string {
    return gatherTwiml(promptOfReplies(repliesOf(activities)), this.options.twiml);
  }

  /**
   * Proactive messages on a live call: its TwiML is replaced by these replies in a new `<Gather>`.
   * A caller on hold for a person hears none (see `VoiceHandoff.spoken`), except the bot's turn
   * after the handoff ended (`handoff.status`), which takes the caller out of the queue.
   */
  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const callSid = context.activity.conversation?.id;
    if (!callSid)
      throw new UnsupportedActivityError('A voice message needs the call SID as conversation id.');
    const spoken = await this.spokenNow(context, callSid, activities);
    const replies = repliesOf(spoken);
    if (replies.length > 0) {
      try {
        await this.options.client.calls(callSid).update({ twiml: this.twimlFor(spoken) });
      } catch (error) {
        throw toTwilioApiError(error, 'update the call');
      }
      await this.options.prompts.save(callSid, { misses: 0, silences: 0, replies });
    }
    return activities.map(() => ({ id: callSid }));
  }

  private async spokenNow(
    context: TurnContext,
    callSid: string,
    activities: Partial<Activity>[],
  ): Promise<Partial<Activity>[]> {
    const { handoff } = this.options;
    if (!handoff) return activities;
    const { type, name } = context.activity;
    if (type !== 'event' || name !== HANDOFF_STATUS_EVENT) return handoff.spoken(callSid, activities);
    await handoff.release(callSid);
    return activities;
  }

  /** Runs the bot on a turn; remembers its prompt for re-prompts and starts a fresh step. */
  private async converse(call: CallInfo, activity: Partial<Activity>, logic: BotLogic): Promise<VoicePrompt> {
    const replies = await this.processActivity(activity, async (context) => {
      await logic(context);
      const said = repliesOf(context.bufferedReplyActivities);
      const previous = said.length > 0 ? said : (await this.options.prompts.get(call.callSid)).replies;
      await this.options.prompts.save(call.callSid, { misses: 0, silences: 0, replies: previous });
    });
    return promptOfReplies(repliesOf(replies));
  }

  /** A miss or a silence: a turn of the pipeline whose logic is the recovery, not the bot. */
  private async recover(
    call: CallInfo,
    heard: Extract<HeardInput, { kind: 'lowConfidence' | 'silence' }>,
  ): Promise<string> {
    const outcome: { recovery?: Recovery; offered: Choice[] } = { offered: [] };
    const activity = noMatchActivity(call, heard, this.options.mapping);
    const replies = await this.processActivity(activity, async (context) => {
      const state = await this.options.prompts.get(call.callSid);
      outcome.offered = await this.offered.get(context, []);
      const recovery =
        heard.kind === 'silence'
          ? recoverFromSilence(state, this.options.texts)
          : recoverFromNoMatch(state, outcome.offered, this.options.texts);
      outcome.recovery = recovery;
      for (const reply of recovery.replies) await context.sendActivity(replyActivity(reply));
      await this.options.prompts.save(call.callSid, recovery.next);
    });
    const prompt = promptOfReplies(repliesOf(replies));
    if (prompt.says.length === 0) prompt.says.push(this.options.texts.apology);
    if (outcome.recovery?.hangUp) return hangUpTwiml(prompt, this.options.twiml);
    // The caller is still answering the same step: its choices' hints and keys stay valid.
    const step = promptOfReplies(outcome.offered.length > 0 ? [{ text: '', choices: outcome.offered }] : []);
    const keypad = prompt.keypad || step.keypad || outcome.recovery?.keypad === true;
    return gatherTwiml(
      { says: prompt.says, hints: [...prompt.hints, ...step.hints], keypad },
      this.options.twiml,
    );
  }
}
