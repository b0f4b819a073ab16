import type twilio from 'twilio';
import { assignedNotice } from '../../src/handoff/customer-notices';
import type { HandoffBroadcast } from '../../src/handoff/handoff-events';
import type { Handoff } from '../../src/handoff/handoff-record';
import type { Logger } from '../../src/logging/logger';
import { toTwilioApiError } from '../twilio-shared/twilio-client';
import { assignmentOf, type CallHoldStore } from './call-hold-store';
import { VOICE_CHANNEL_ID } from './mapping';
import { agentDialTwiml, type QueueUrls } from './queue-twiml';
import { gatherTwiml, type TwimlSettings } from './twiml';
import type { VoiceHandoffLink } from './voice-handoff';
import type { VoicePrompts } from './voice-recovery';
import type { CallStatusUpdate } from './voice-webhook';

/** Options of {@link AgentBridge}. */
export interface AgentBridgeOptions {
  client: Pick<twilio.Twilio, 'calls'>;
  holds: CallHoldStore;
  phoneNumber: string;
  urls: QueueUrls;
  twiml: TwimlSettings;
  texts: VoicePrompts;
  logger: Logger;
  link: () => VoiceHandoffLink | undefined;
  now: () => number;
}

/**
 * Connects the agent who claimed a call's handoff to the caller waiting in its Twilio queue:
 * `calls.create` to the agent's phone with `<Dial><Queue>`. Every process hears the assignment on
 * the bus; the hold's lock lets exactly one dial per assignment. An agent without a phone, a call
 * that fails, or a phone that does not answer falls back to the text relay: the caller leaves the
 * queue (`calls(sid).update`) and the agent answers from the console, spoken to the caller.
 */
export class AgentBridge {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: AgentBridgeOptions) {}

  /** A `handoff:updates` message: an assignment of a voice handoff is bridged (never throws). */
  onBroadcast(message: string): void {
    const handoff = assignmentIn(message);
    if (!handoff) return;
    const work = this.connect(handoff).catch((error: unknown) => {
      this.options.logger.error({ err: error, handoffId: handoff.id }, 'voice handoff bridge failed');
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Resolves when the dialling started so far has finished (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The agent's call ended: when it never reached the caller, the caller gets the text relay. */
  async agentCallEnded(update: CallStatusUpdate, handoffId: string): Promise<void> {
    const handoff = await this.options.link()?.service.get(handoffId);
    if (handoff?.status !== 'assigned') return;
    const hold = await this.options.holds.get(handoff.conversationId);
    const { callSid } = update.call;
    if (hold?.mode !== 'queued' || hold.agentCallSid !== callSid || hold.bridgedCallSid === callSid) return;
    this.options.logger.warn({ handoffId, status: update.callStatus }, 'agent phone not bridged');
    await this.relay(handoff);
  }

  private async connect(handoff: Handoff): Promise<void> {
    const link = this.options.link();
    if (!link || !handoff.agentId) return;
    // A late broadcast must not dial for an assignment that is already over.
    const current = await link.service.get(handoff.id);
    if (current?.status !== 'assigned' || assignmentOf(current) !== assignmentOf(handoff)) return;
    const callSid = handoff.conversationId;
    const claimed = await this.options.holds.claimDial(callSid, handoff, this.options.now());
    if (!claimed) return;
    const phone = link.agentPhone(handoff.agentId);
    if (!phone || claimed.mode === 'relay') return this.relay(handoff);
    try {
      const agentCall = await this.options.client.calls.create({
        to: phone,
        from: this.options.phoneNumber,
        twiml: agentDialTwiml(
          this.options.texts.agentWhisper,
          handoff.id,
          this.options.urls.connect,
          this.options.twiml,
        ),
        statusCallback: `${this.options.urls.agentStatus}?handoffId=${encodeURIComponent(handoff.id)}`,
        statusCallbackMethod: 'POST',
      });
      await this.options.holds.change(callSid, (hold) => ({ ...hold, agentCallSid: agentCall.sid }));
    } catch (error) {
      const failure = toTwilioApiError(error, 'call the agent');
      this.options.logger.warn({ err: failure, handoffId: handoff.id }, 'agent phone could not be called');
      await this.relay(handoff);
    }
  }

  /** Out of the queue into the text relay: the caller hears who serves them, then speaks to them. */
  private async relay(handoff: Handoff): Promise<void> {
    const callSid = handoff.conversationId;
    await this.options.holds.change(callSid, (hold) => ({ ...hold, mode: 'relay' }));
    const says = [assignedNotice(handoff.agentName ?? 'an agent'), this.options.texts.relayIntro];
    try {
      await this.options.client
        .calls(callSid)
        .update({ twiml: gatherTwiml({ says, hints: [], keypad: false }, this.options.twiml) });
    } catch (error) {
      throw toTwilioApiError(error, 'move the caller to the text relay');
    }
  }
}

/** The handoff of a broadcast when it is a voice handoff that was just assigned. */
function assignmentIn(message: string): Handoff | undefined {
  let parsed: HandoffBroadcast;
  try {
    parsed = JSON.parse(message) as HandoffBroadcast;
  } catch {
    return undefined;
  }
  if (parsed.type !== 'handoff') return undefined;
  const { handoff } = parsed;
  return handoff.channelId === VOICE_CHANNEL_ID && handoff.status === 'assigned' ? handoff : undefined;
}
