import type { Activity } from 'botbuilder-core';
import type twilio from 'twilio';
import { hasErrorCode } from '../../src/errors';
import type { AgentIdentity } from '../../src/handoff/agents';
import { assignedNotice, CANCELLED_NOTICE, isCancelRequest } from '../../src/handoff/customer-notices';
import { HANDOFF_BUS_CHANNEL } from '../../src/handoff/handoff-events';
import type { WaitInfo } from '../../src/handoff/handoff-queueing';
import type { Handoff } from '../../src/handoff/handoff-record';
import type { Logger } from '../../src/logging/logger';
import type { MessageBus } from '../../src/state/ports';
import { AgentBridge } from './agent-bridge';
import { assignmentOf, type CallHoldStore } from './call-hold-store';
import { VOICE_CHANNEL_ID } from './mapping';
import type { PromptStore } from './prompt-store';
import {
  enqueueTwiml,
  type HoldSettings,
  holdTwiml,
  leaveTwiml,
  positionSentence,
  type QueueUrls,
  sayTwiml,
} from './queue-twiml';
import type { QueueConnect, QueueResult, QueueWait } from './queue-webhook';
import { emptyTwiml, gatherTwiml, promptOfReplies, type TwimlSettings } from './twiml';
import type { VoicePrompts } from './voice-recovery';
import {
  CALL_ENDED_STATUSES,
  type CallInfo,
  type CallStatusUpdate,
  type GatherResult,
} from './voice-webhook';

/** What the voice channel uses of the `HandoffService` (src/handoff/handoff-service.ts). */
export interface VoiceHandoffService {
  active(channelId: string, conversationId: string): Promise<Handoff | undefined>;
  get(handoffId: string): Promise<Handoff | undefined>;
  waitOf(handoff: Handoff): Promise<WaitInfo | undefined>;
  cancel(handoffId: string, disposition?: string): Promise<Handoff | undefined>;
  resolve(handoffId: string, agent: AgentIdentity, disposition: string): Promise<Handoff>;
}

/** The deployment's handoff, as attached by `voiceHandoffModule`. */
export interface VoiceHandoffLink {
  service: VoiceHandoffService;
  /** The bus that carries the service's `handoff:updates` broadcast (assignments from any process). */
  bus: MessageBus;
  /** The phone (E.164) of an agent, or undefined: that agent serves callers by text relay. */
  agentPhone: (agentId: string) => string | undefined;
}

/** Options of {@link VoiceHandoff}. */
export interface VoiceHandoffOptions {
  client: Pick<twilio.Twilio, 'calls'>;
  holds: CallHoldStore;
  /** The calls' last prompts (what a `calls(sid).update` said), to repeat after a redirect. */
  prompts: PromptStore;
  phoneNumber: string;
  urls: QueueUrls;
  twiml: TwimlSettings;
  hold: HoldSettings;
  texts: VoicePrompts;
  logger: Logger;
  now?: () => number;
}

/** Twilio's `QueueResult`s after which the call left the queue because we moved it (REST update). */
const MOVED_BY_US = new Set(['redirected', 'redirected-from-bridged']);
/** The key that leaves the queue (the hold's `<Gather>` also takes the gate's "cancel" words). */
const LEAVE_KEY = '*';
/** How the handoff is closed when the caller hangs up, and when the bridged agent hung up. */
const CALLER_HUNG_UP = 'caller-hung-up';
const CALL_ENDED = 'call-ended';
const CUSTOMER_CANCELLED = 'customer-cancelled';
const SECONDS_PER_MINUTE = 60;
/** Codes of a resolve that lost a race with another close of the same handoff. */
const CLOSED_CODES: ReadonlySet<string> = new Set(['SWB_ERR_HANDOFF_CONFLICT', 'SWB_ERR_HANDOFF_NOT_FOUND']);

/**
 * Human handoff on a phone call. When a call's turn escalated, the caller is put in a Twilio queue
 * of their own (`<Enqueue>`, named after the handoff id) whose wait URL tells the position; the
 * escalation waits in the agent queues as usual. When an agent claims it (from any process: the
 * assignment arrives on the bus), {@link AgentBridge} dials the agent's phone into that queue.
 * A hang-up while waiting cancels the handoff; the agent hanging up resolves it and the caller is
 * back with the bot; a timeout or a resolve from the console moves the caller out of the queue
 * through the `handoff.status` turn (`calls(sid).update`). Inert until a handoff is attached.
 */
export class VoiceHandoff {
  private link: VoiceHandoffLink | undefined;
  private readonly bridge: AgentBridge;
  private readonly now: () => number;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(private readonly options: VoiceHandoffOptions) {
    this.now = options.now ?? Date.now;
    this.bridge = new AgentBridge({ ...options, link: () => this.link, now: this.now });
  }

  /** Connects the deployment's handoff; returns the function that disconnects it. */
  attach(link: VoiceHandoffLink): () => void {
    this.link = link;
    return () => {
      if (this.link === link) this.link = undefined;
    };
  }

  /** Follows assignments on the bus (idempotent). */
  async start(): Promise<void> {
    const link = this.link;
    if (!link || this.unsubscribe) return;
    this.unsubscribe = await link.bus.subscribe(HANDOFF_BUS_CHANNEL, (message) =>
      this.bridge.onBroadcast(message),
    );
  }

  /** Stops following assignments and waits for the dialling in flight. */
  async close(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
    await this.bridge.drain();
  }

  /**
   * After a caller's turn: when the conversation now waits for a person, the turn's words and then
   * `<Enqueue>`; undefined when the call goes on with the bot (or by text relay).
   */
  async queueIfEscalated(call: CallInfo, says: readonly string[]): Promise<string | undefined> {
    const handoff = await this.link?.service.active(VOICE_CHANNEL_ID, call.callSid);
    if (!handoff) return undefined;
    const hold = await this.options.holds.get(call.callSid);
    if (hold?.handoffId === handoff.id && hold.mode === 'relay') return undefined;
    return this.enqueue(call.callSid, handoff, says);
  }

  /**
   * Of the proactive messages for a call, those to speak now: none while the caller is queued or
   * bridged (the wait URL tells the position; a person speaks), and in text relay all but the
   * "you are now chatting with" notice, which was said when the caller left the queue.
   */
  async spoken(callSid: string, activities: Partial<Activity>[]): Promise<Partial<Activity>[]> {
    const hold = await this.options.holds.get(callSid);
    if (!hold) return activities;
    if (hold.mode === 'queued') return [];
    const notice = assignedNotice(hold.agentName ?? 'an agent');
    return activities.filter((a) => !(isSystemNotice(a) && a.text === notice));
  }

  /** The caller is back with the bot (a `handoff.status` turn): no more hold. */
  release(callSid: string): Promise<void> {
    return this.options.holds.release(callSid);
  }

  /** The wait URL: the position (the handoff service's, else Twilio's), then music or a pause. */
  async wait(request: QueueWait): Promise<string> {
    const hold = await this.options.holds.get(request.call.callSid);
    const handoff = hold && (await this.link?.service.get(hold.handoffId));
    const { texts } = this.options;
    if (handoff?.status === 'assigned') return this.holdTwiml([texts.agentComing], false);
    const wait = handoff && (await this.link?.service.waitOf(handoff));
    if (wait) return this.holdTwiml([positionSentence(wait.position, wait.etaMinutes), texts.queueHold]);
    if (request.position === undefined) return this.holdTwiml([texts.queueHold]);
    const eta =
      request.averageWaitS === undefined
        ? undefined
        : Math.max(1, Math.ceil(request.averageWaitS / SECONDS_PER_MINUTE));
    return this.holdTwiml([positionSentence(request.position, eta), texts.queueHold]);
  }

  /**
   * What the caller said or pressed on hold: "cancel" (the gate's words) or star cancels a waiting
   * handoff and leaves the queue (`<Leave/>`, then the Enqueue action brings the bot back);
   * anything else, or an agent already on the way, keeps them on hold.
   */
  async leave(result: GatherResult): Promise<string> {
    const wantsOut = result.digits === LEAVE_KEY || isCancelRequest(result.speech);
    const handoff = await this.link?.service.active(VOICE_CHANNEL_ID, result.call.callSid);
    if (!wantsOut || !handoff) return sayTwiml([this.options.texts.queueHold], this.options.twiml);
    const cancelled =
      handoff.status === 'pending' && (await this.link?.service.cancel(handoff.id, CUSTOMER_CANCELLED));
    if (!cancelled) return sayTwiml([this.options.texts.agentComing], this.options.twiml);
    return leaveTwiml();
  }

  /** The Enqueue action: why the caller left the queue, and what they hear next. */
  async result(request: QueueResult): Promise<string> {
    const { call } = request;
    const ended = request.callStatus !== undefined && CALL_ENDED_STATUSES.has(request.callStatus);
    if (request.result === 'hangup' || ended) {
      await this.callEnded(call.callSid);
      return emptyTwiml();
    }
    if (MOVED_BY_US.has(request.result)) return this.lastPrompt(call.callSid);
    if (request.result === 'bridged') return this.afterBridge(call);
    if (request.result === 'leave') {
      await this.options.holds.release(call.callSid);
      return this.gather([CANCELLED_NOTICE]);
    }
    // queue-full, error, system-error…: the caller cannot wait in Twilio, so the agent will answer here.
    await this.options.holds.change(call.callSid, (hold) => ({ ...hold, mode: 'relay' }));
    this.options.logger.warn({ callSid: call.callSid, result: request.result }, 'caller could not be queued');
    return this.gather([this.options.texts.queueUnavailable]);
  }

  /** The `<Queue url>` before the bridge: the caller is told, and the hold records the bridged call. */
  async connect(request: QueueConnect): Promise<string> {
    await this.options.holds.change(request.call.callSid, (hold) => ({
      ...hold,
      bridgedCallSid: request.dequeuingCallSid ?? hold.agentCallSid,
    }));
    return sayTwiml([this.options.texts.agentConnected], this.options.twiml);
  }

  /** The status callback of the call placed to an agent (see {@link AgentBridge.agentCallEnded}). */
  agentCallStatus(update: CallStatusUpdate, handoffId: string): Promise<void> {
    if (!CALL_ENDED_STATUSES.has(update.callStatus)) return Promise.resolve();
    return this.bridge.agentCallEnded(update, handoffId);
  }

  /** The caller hung up: their handoff is cancelled (waiting or served), nothing stays queued. */
  async callEnded(callSid: string): Promise<void> {
    const handoff = await this.link?.service.active(VOICE_CHANNEL_ID, callSid);
    if (handoff) await this.link?.service.cancel(handoff.id, CALLER_HUNG_UP);
    await this.options.holds.release(callSid);
  }

  /** The bridged call ended with the caller still there: the agent hung up. */
  private async afterBridge(call: CallInfo): Promise<string> {
    const handoff = await this.link?.service.active(VOICE_CHANNEL_ID, call.callSid);
    const hold = await this.options.holds.get(call.callSid);
    const talkedToHolder =
      handoff?.status === 'assigned' &&
      hold?.dialledFor === assignmentOf(handoff) &&
      hold.bridgedCallSid !== undefined &&
      hold.bridgedCallSid === hold.agentCallSid;
    // Transferred or requeued while on the phone, or a newer agent's phone is ringing for this
    // queue: back in the queue, for the next person.
    if (handoff && !talkedToHolder)
      return this.enqueue(call.callSid, handoff, [this.options.texts.queueHold]);
    if (handoff?.agentId) {
      // The `handoff.status` turn that follows moves the caller to the bot's CSAT question.
      await this.link?.service.resolve(handoff.id, agentOf(handoff), CALL_ENDED).catch(ignoreClosed);
      return this.gather([this.options.texts.oneMoment]);
    }
    await this.options.holds.release(call.callSid);
    return this.gather([this.options.texts.afterAgent]);
  }

  /**
   * Our own calls(sid).update moved the caller (timeout offer, resolve), and Twilio should run that
   * TwiML; should it run this answer instead, it is the same prompt (saved by the update), so the
   * caller hears the question either way rather than a hang-up.
   */
  private async lastPrompt(callSid: string): Promise<string> {
    const { replies } = await this.options.prompts.get(callSid);
    return replies.length > 0 ? gatherTwiml(promptOfReplies(replies), this.options.twiml) : emptyTwiml();
  }

  private async enqueue(callSid: string, handoff: Handoff, says: readonly string[]): Promise<string> {
    await this.options.holds.hold(callSid, handoff.id, this.now());
    return enqueueTwiml(says, handoff.id, this.options.urls, this.options.twiml);
  }

  /** The hold announcement; the caller may leave the queue unless a person is already on the way. */
  private holdTwiml(says: string[], canLeave = true): string {
    const sentence = (canLeave ? [...says, this.options.texts.leaveHint] : says).join(' ');
    return holdTwiml(
      sentence,
      this.options.hold,
      this.options.twiml,
      canLeave ? this.options.urls.leave : undefined,
    );
  }

  private gather(says: string[]): string {
    return gatherTwiml({ says, hints: [], keypad: false }, this.options.twiml);
  }
}

/** The identity the service checks on resolve (only the id matters: it must still hold it). */
export function agentOf(handoff: Handoff): AgentIdentity {
  return { id: handoff.agentId ?? '', name: handoff.agentName ?? '', skills: [], role: 'agent' };
}

/** The agent resolved (or the caller hung up) at the same moment: the other close wins, fine. */
function ignoreClosed(error: unknown): undefined {
  if (hasErrorCode(error) && CLOSED_CODES.has(error.code)) return undefined;
  throw error;
}

function isSystemNotice(activity: Partial<Activity>): boolean {
  return (activity.channelData as { switchboardRole?: unknown } | undefined)?.switchboardRole === 'system';
}
