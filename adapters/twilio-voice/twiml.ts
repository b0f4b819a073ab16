import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder-core';
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { replyFromActivity } from '../../src/bot/reply-activity';
import { renderVoice } from '../../src/rendering/render-voice';
import type { Reply } from '../../src/rendering/reply';

/** What one answer to the caller says, and how the next `<Gather>` listens. */
export interface VoicePrompt {
  says: string[];
  /** Speech recognition hints (choice titles and synonyms). */
  hints: string[];
  /** Accept a single key press (choices offered by number, or 0 for a person). */
  keypad: boolean;
}

/** How the TwiML is built. */
export interface TwimlSettings {
  /** The absolute URL of `POST /twilio/voice/gather` (under PUBLIC_BASE_URL). */
  gatherUrl: string;
  language: string;
  /** A `<Say>` voice such as `Polly.Joanna`; Twilio's default when unset. */
  sayVoice?: string;
  /** Seconds of silence before the gather gives up (and calls `gatherUrl` with no input). */
  noInputTimeoutS: number;
}

/** Twilio reads hints as a comma-separated list; long lists slow recognition, so keep the first 50. */
const MAX_HINTS = 50;
/** Twilio ignores hint phrases longer than 100 characters. */
const MAX_HINT_CHARS = 100;

/** Renders reply models with the voice renderer (the short voice variant, choices with keys). */
export function promptOfReplies(replies: readonly Reply[]): VoicePrompt {
  const prompt: VoicePrompt = { says: [], hints: [], keypad: false };
  for (const reply of replies) {
    const rendered = renderVoice(reply);
    if (rendered.say) prompt.says.push(rendered.say);
    prompt.hints.push(...rendered.hints);
    if (Object.keys(rendered.dtmf).length > 0) prompt.keypad = true;
  }
  return prompt;
}

/** The reply models of the message activities among `activities` (typing and events say nothing). */
export function repliesOf(activities: readonly Partial<Activity>[]): Reply[] {
  return activities.filter((a) => a.type === undefined || a.type === 'message').map(replyFromActivity);
}

/** `<Response><Gather input="speech dtmf" …><Say>…</Say>…</Gather></Response>`. */
export function gatherTwiml(prompt: VoicePrompt, settings: TwimlSettings): string {
  const response = new twilio.twiml.VoiceResponse();
  const hints = [...new Set(prompt.hints.filter((h) => h.length <= MAX_HINT_CHARS))].slice(0, MAX_HINTS);
  const gather = response.gather({
    input: ['speech', 'dtmf'],
    action: gatherActionUrl(settings.gatherUrl),
    method: 'POST',
    // Without this Twilio skips the action on silence; with it, silence is a turn we handle.
    actionOnEmptyResult: true,
    speechTimeout: 'auto',
    timeout: settings.noInputTimeoutS,
    language: settings.language as VoiceResponse.GatherAttributes['language'],
    ...(hints.length > 0 ? { hints: hints.join(', ') } : {}),
    ...(prompt.keypad ? { numDigits: 1 } : {}),
  });
  for (const say of prompt.says) gather.say(sayAttributes(settings), say);
  return response.toString();
}

/** Bytes of the per-gather token: enough that two gathers of one call never share one. */
const GATHER_TOKEN_BYTES = 9;

/**
 * `gatherUrl?turn=<random>`: two answers of one caller can be byte-identical (silence twice, the
 * same key at two menus) and Twilio signs no timestamp, so this token is what tells a new gather
 * from a replay of an old one (the replay guard remembers each signed request once).
 */
export function gatherActionUrl(gatherUrl: string): string {
  const url = new URL(gatherUrl);
  url.searchParams.set('turn', randomBytes(GATHER_TOKEN_BYTES).toString('base64url'));
  return url.toString();
}

/** `<Response><Say>…</Say><Hangup/></Response>`: the last words, then the call ends. */
export function hangUpTwiml(prompt: Pick<VoicePrompt, 'says'>, settings: TwimlSettings): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const say of prompt.says) response.say(sayAttributes(settings), say);
  response.hangup();
  return response.toString();
}

/** An empty `<Response/>` (answers to hang-ups, where nothing can be said). */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

function sayAttributes(settings: TwimlSettings): VoiceResponse.SayAttributes {
  return {
    language: settings.language as VoiceResponse.SayAttributes['language'],
    ...(settings.sayVoice ? { voice: settings.sayVoice as VoiceResponse.SayAttributes['voice'] } : {}),
  };
}
