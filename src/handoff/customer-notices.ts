/**
 * What the customer is told while people serve them, in one place (conversation tests and docs
 * refer to these). Short enough for one SMS segment each and free of symbols a voice would read.
 */

/** "about a minute", "about 4 minutes". */
export function aboutMinutes(etaMinutes: number): string {
  return etaMinutes <= 1 ? 'about a minute' : `about ${etaMinutes} minutes`;
}

/** Sent when the position changed while waiting. */
export function positionNotice(position: number, etaMinutes: number): string {
  return `You are now number ${position} in line, ${aboutMinutes(etaMinutes)}. Say "cancel" to go back to the bot.`;
}

/** Sent when an agent takes the conversation. */
export function assignedNotice(agentName: string): string {
  return `You are now chatting with ${agentName}.`;
}

/** Sent when the agent was disconnected and the customer went back to the front of the queue. */
export function agentLostNotice(position: number, etaMinutes: number): string {
  return `Sorry, your agent was disconnected. You are number ${position} in line for the next person, ${aboutMinutes(etaMinutes)}.`;
}

/** Sent when the agent transferred the conversation to another team. */
export function transferNotice(skill: string, position: number, etaMinutes: number): string {
  return `You have been transferred to our ${skill} team: you are number ${position} in line, ${aboutMinutes(etaMinutes)}.`;
}

/** Said by the gate when the customer leaves the queue. */
export const CANCELLED_NOTICE = "OK, you have left the queue. I'm the assistant again: how can I help?";

/** What the customer types to leave the queue (compared case-insensitively, trimmed, without punctuation). */
export const CANCEL_WORDS: readonly string[] = [
  'cancel',
  'stop waiting',
  'leave the queue',
  'nevermind',
  'never mind',
];

/** True when a message asks to leave the queue. */
export function isCancelRequest(text: string | undefined): boolean {
  const said = (text ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .trim();
  return CANCEL_WORDS.includes(said);
}
