import type { Activity } from 'botbuilder-core';
import type { CallInfo, GatherResult } from './voice-webhook';

/** The voice channel id stamped on activities. */
export const VOICE_CHANNEL_ID = 'voice';
/** Name of the event activity of a turn where nothing usable was heard (the bot does not run). */
export const VOICE_NO_MATCH_EVENT = 'voice.noMatch';

/** What the mapping needs besides the call. */
export interface VoiceMappingSettings {
  /** Stamped as `serviceUrl`. */
  serviceUrl: string;
  /** The call's language (BCP-47), stamped as `locale`. */
  language: string;
  /** What pressing 0 says on the caller's behalf (a request for a person). */
  humanRequestText: string;
  /** Speech below this ASR confidence is not understood (asked again). */
  minConfidence: number;
}

/** What was heard in one `<Gather>`, classified. */
export type HeardInput =
  | { kind: 'speech'; text: string; confidence?: number }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'lowConfidence'; confidence: number }
  | { kind: 'silence' };

/** The key that asks for a person, as in most phone menus. */
const HUMAN_KEY = '0';

/**
 * Classifies a gather result. Keypad digits win (they are never misheard); speech below the
 * confidence threshold is a miss; no speech and no digits is silence. A missing `Confidence` is
 * taken as confident: some speech models do not report one.
 */
export function classifyInput(result: GatherResult, minConfidence: number): HeardInput {
  if (result.digits) return { kind: 'dtmf', digits: result.digits };
  if (!result.speech) return { kind: 'silence' };
  if (result.confidence !== undefined && result.confidence < minConfidence) {
    return { kind: 'lowConfidence', confidence: result.confidence };
  }
  return { kind: 'speech', text: result.speech, confidence: result.confidence };
}

function base(call: CallInfo, settings: VoiceMappingSettings): Partial<Activity> {
  return {
    channelId: VOICE_CHANNEL_ID,
    serviceUrl: settings.serviceUrl,
    from: { id: call.customer, name: '', role: 'user' },
    recipient: { id: call.ourNumber, name: 'bot', role: 'bot' },
    conversation: { id: call.callSid, isGroup: false, conversationType: 'personal', name: '' },
    locale: settings.language,
    timestamp: new Date(),
    // The replies of a voice turn are the webhook's answer (TwiML), so botbuilder buffers them.
    deliveryMode: 'expectReplies',
  };
}

/** A new call: a `conversationUpdate` adding the caller, so the bot's welcome is the greeting. */
export function callStartActivity(call: CallInfo, settings: VoiceMappingSettings): Partial<Activity> {
  return {
    ...base(call, settings),
    type: 'conversationUpdate',
    membersAdded: [{ id: call.customer, name: '' }],
  };
}

/**
 * A caller's answer as a message. Digits become the text ("2"), which the choice-input middleware
 * maps to the offered choice; 0 asks for a person.
 */
export function inputActivity(
  call: CallInfo,
  heard: Extract<HeardInput, { kind: 'speech' | 'dtmf' }>,
  settings: VoiceMappingSettings,
): Partial<Activity> {
  const text =
    heard.kind === 'speech'
      ? heard.text
      : heard.digits === HUMAN_KEY
        ? settings.humanRequestText
        : heard.digits;
  const channelData =
    heard.kind === 'speech'
      ? { inputMode: 'speech', asrConfidence: heard.confidence }
      : { inputMode: 'dtmf' };
  return { ...base(call, settings), type: 'message', text, channelData };
}

/** A turn where nothing usable was heard: an event, so NLU and dialogs do not run on it. */
export function noMatchActivity(
  call: CallInfo,
  heard: Extract<HeardInput, { kind: 'lowConfidence' | 'silence' }>,
  settings: VoiceMappingSettings,
): Partial<Activity> {
  return { ...base(call, settings), type: 'event', name: VOICE_NO_MATCH_EVENT, value: heard };
}

/** The caller hung up (or the call failed): the conversation ends. */
export function callEndActivity(call: CallInfo, settings: VoiceMappingSettings): Partial<Activity> {
  return { ...base(call, settings), type: 'endOfConversation' };
}
