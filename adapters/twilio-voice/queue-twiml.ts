import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { aboutMinutes, CANCEL_WORDS } from '../../src/handoff/customer-notices';
import type { TwimlSettings } from './twiml';

/** The absolute URLs of the queue webhooks (under PUBLIC_BASE_URL). */
export interface QueueUrls {
  /** `<Enqueue waitUrl>`: what the caller hears while waiting. */
  wait: string;
  /** `<Enqueue action>`: the caller left the queue (hung up, bridged call ended, redirected). */
  result: string;
  /** The hold's `<Gather action>`: the caller said "cancel" or pressed star to leave the queue. */
  leave: string;
  /** `<Queue url>` of the agent's `<Dial>`: played to the caller just before the bridge. */
  connect: string;
  /** Status callback of the call placed to the agent's phone. */
  agentStatus: string;
}

/** What the caller hears on hold: a sentence, then hold music or a pause, and Twilio loops. */
export interface HoldSettings {
  /** Hold music (`<Play>`); without it, a `<Pause>` of `repeatS`. */
  musicUrl?: string;
  /** Seconds between two position announcements when there is no music. */
  repeatS: number;
}

/** `<Say>` attributes of the voice settings. */
function sayAttributes(settings: TwimlSettings): VoiceResponse.SayAttributes {
  return {
    language: settings.language as VoiceResponse.SayAttributes['language'],
    ...(settings.sayVoice ? { voice: settings.sayVoice as VoiceResponse.SayAttributes['voice'] } : {}),
  };
}

/** `<Response><Say>…</Say><Enqueue waitUrl=… action=…>queue</Enqueue></Response>`. */
export function enqueueTwiml(
  says: readonly string[],
  queue: string,
  urls: Pick<QueueUrls, 'wait' | 'result'>,
  settings: TwimlSettings,
): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const say of says) response.say(sayAttributes(settings), say);
  response.enqueue({ action: urls.result, method: 'POST', waitUrl: urls.wait, waitUrlMethod: 'POST' }, queue);
  return response.toString();
}

/** What the hold listens for: the gate's words for leaving a queue, and the star key. */
const LEAVE_HINTS = CANCEL_WORDS.join(', ');
/** After the music or pause, listen one more second before Twilio loops the wait URL. */
const LISTEN_AFTER_HOLD_S = 1;

/**
 * The wait URL's answer: the sentence, then hold music or a pause, inside a `<Gather>` whose
 * action is `leaveUrl` (the caller can say "cancel" or press star at any time). When it ends
 * without input, Twilio fetches the wait URL again: the announcement loops.
 */
export function holdTwiml(
  sentence: string,
  hold: HoldSettings,
  settings: TwimlSettings,
  leaveUrl?: string,
): string {
  const response = new twilio.twiml.VoiceResponse();
  const verbs = leaveUrl
    ? response.gather({
        input: ['speech', 'dtmf'],
        action: leaveUrl,
        method: 'POST',
        numDigits: 1,
        speechTimeout: 'auto',
        timeout: LISTEN_AFTER_HOLD_S,
        hints: LEAVE_HINTS,
        language: settings.language as VoiceResponse.GatherAttributes['language'],
      })
    : response;
  verbs.say(sayAttributes(settings), sentence);
  if (hold.musicUrl) verbs.play(hold.musicUrl);
  else verbs.pause({ length: hold.repeatS });
  return response.toString();
}

/** `<Response><Leave/></Response>`: the caller leaves the queue (the Enqueue action follows). */
export function leaveTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.leave();
  return response.toString();
}

/** `<Response><Say>…</Say></Response>`: words only (the `<Queue url>` before a bridge). */
export function sayTwiml(says: readonly string[], settings: TwimlSettings): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const say of says) response.say(sayAttributes(settings), say);
  return response.toString();
}

/**
 * The TwiML of the call placed to the agent's phone: a short whisper, then
 * `<Dial><Queue url=…>queue</Queue></Dial>`, which bridges the agent to the caller waiting there.
 */
export function agentDialTwiml(
  whisper: string,
  queue: string,
  connectUrl: string,
  settings: TwimlSettings,
): string {
  const response = new twilio.twiml.VoiceResponse();
  if (whisper) response.say(sayAttributes(settings), whisper);
  response.dial().queue({ url: connectUrl, method: 'POST' }, queue);
  return response.toString();
}

/** "You are number 2 in line. Your wait is about 4 minutes." (the ETA only when known). */
export function positionSentence(position: number, etaMinutes?: number): string {
  const place = position <= 1 ? 'You are next in line.' : `You are number ${position} in line.`;
  return etaMinutes === undefined ? place : `${place} Your wait is ${aboutMinutes(etaMinutes)}.`;
}
