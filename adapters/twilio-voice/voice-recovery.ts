import type { Choice, Reply } from '../../src/rendering/reply';

/** What the voice channel itself says when it did not understand or hear the caller. */
export interface VoicePrompts {
  /** First miss (low ASR confidence). */
  repeat: string;
  /** Second miss, when the last prompt offered choices: followed by the choices with their keys. */
  keypad: string;
  /** Second miss, when the last prompt offered no choices. */
  noMatchHuman: string;
  /** First silence: followed by the last prompt again. */
  noInput: string;
  /** Second silence. */
  offerHuman: string;
  /** Third silence: then the call is ended. */
  goodbye: string;
  /** When the bot has no welcome for a new call. */
  greeting: string;
  /** When a turn could not run (a server error): the call goes on. */
  apology: string;
  /** When a call cannot be served at all (an unusable request): the call is ended. */
  unavailable: string;
  /** On hold for a person, after the position (or alone when it is unknown). */
  queueHold: string;
  /** On hold, after the position: how to leave the queue. */
  leaveHint: string;
  /** On hold, once an agent took the call and their phone is ringing. */
  agentComing: string;
  /** To the caller, just before the agent's phone is bridged in. */
  agentConnected: string;
  /** To the agent who answers their phone, before the bridge. */
  agentWhisper: string;
  /** After the agent's text-relay notice ("You are now chatting with …"), when the agent has no phone. */
  relayIntro: string;
  /** When Twilio could not keep the caller in a queue: a person will answer by text relay. */
  queueUnavailable: string;
  /** The agent hung up: said while the bot's follow-up question is on its way. */
  oneMoment: string;
  /** The bridged call ended with no handoff left to close. */
  afterAgent: string;
}

/** The default wording (English); each can be replaced through the voice channel's options. */
export const DEFAULT_VOICE_PROMPTS: VoicePrompts = {
  repeat: 'Sorry, could you repeat that?',
  keypad: "Sorry, I'm still having trouble understanding. You can use your keypad instead.",
  noMatchHuman: "Sorry, I'm still having trouble understanding. To talk to a person, say agent or press 0.",
  noInput: "Sorry, I didn't hear anything.",
  offerHuman: 'Are you still there? To talk to a person, say agent or press 0.',
  goodbye: "I haven't heard from you, so I'll end the call now. Goodbye.",
  greeting: 'Hello, how can I help you?',
  apology: 'Sorry, something went wrong on our side. Please say that again.',
  unavailable: "Sorry, we can't take this call right now. Please try again later. Goodbye.",
  queueHold: 'Please stay on the line: a person will be with you as soon as possible.',
  leaveHint: 'To go back to the assistant, say cancel or press star.',
  agentComing: 'A person is about to take your call. Please stay on the line.',
  agentConnected: 'Connecting you now.',
  agentWhisper: 'A caller is waiting for you. Connecting you now.',
  relayIntro: 'They will read what you say and answer you here.',
  queueUnavailable:
    "Sorry, I can't put you on hold right now. Stay on the line: a person will answer you here as soon as one is free.",
  oneMoment: 'One moment, please.',
  afterAgent: 'Is there anything else I can help you with?',
};

/** After this many misses on one step, the keypad is offered (the "after two misses"). */
export const MISSES_BEFORE_KEYPAD = 2;
/** The first silence re-prompts, the second offers a person, the third ends the call. */
export const SILENCES_BEFORE_HANG_UP = 3;

/** Per-call memory of the current step: how often it was missed, and what was last asked. */
export interface PromptState {
  misses: number;
  silences: number;
  /** The bot's last prompt (reply models), repeated after a silence. */
  replies: Reply[];
}

/** A fresh step. */
export const NEW_PROMPT: PromptState = { misses: 0, silences: 0, replies: [] };

/** What to say after a miss or a silence, and whether the call goes on. */
export interface Recovery {
  replies: Reply[];
  /** Keys are accepted (`numDigits=1`): choices are offered by number, or 0 for a person. */
  keypad: boolean;
  hangUp: boolean;
  next: PromptState;
}

/**
 * After ASR confidence too low to trust: ask again once, then offer the same step's choices on
 * the keypad (`offered`: the choices the choice-input middleware will map digits against), or a
 * person when the step had no choices.
 */
export function recoverFromNoMatch(
  state: PromptState,
  offered: readonly Choice[],
  prompts: VoicePrompts,
): Recovery {
  const next = { ...state, misses: state.misses + 1 };
  if (next.misses < MISSES_BEFORE_KEYPAD) {
    return { replies: [{ text: prompts.repeat }], keypad: offered.length > 0, hangUp: false, next };
  }
  const reply: Reply =
    offered.length > 0 ? { text: prompts.keypad, choices: [...offered] } : { text: prompts.noMatchHuman };
  return { replies: [reply], keypad: true, hangUp: false, next };
}

/** After a silent `<Gather>`: repeat the last prompt, then offer a person, then say goodbye. */
export function recoverFromSilence(state: PromptState, prompts: VoicePrompts): Recovery {
  const next = { ...state, silences: state.silences + 1 };
  if (next.silences >= SILENCES_BEFORE_HANG_UP) {
    return { replies: [{ text: prompts.goodbye }], keypad: false, hangUp: true, next };
  }
  if (next.silences > 1)
    return { replies: [{ text: prompts.offerHuman }], keypad: true, hangUp: false, next };
  const again = state.replies.length > 0 ? state.replies : [{ text: prompts.greeting }];
  return { replies: [{ text: prompts.noInput }, ...again], keypad: false, hangUp: false, next };
}
