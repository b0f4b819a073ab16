import { renderSlack } from '../../rendering/render-slack';
import { renderSms } from '../../rendering/render-sms';
import { renderVoice } from '../../rendering/render-voice';
import { renderWeb } from '../../rendering/render-web';
import { type ChannelKind, choicesOf, type Reply } from '../../rendering/reply';
import { smsSegmentCount } from '../../rendering/sms-segments';

/** A reply as one channel renders it, as text, for assertions and diffs. */
export function renderedText(reply: Reply, channel: ChannelKind): string {
  switch (channel) {
    case 'webchat':
      return renderWeb(reply).text;
    case 'slack':
      return renderSlack(reply).text;
    case 'sms':
      return renderSms(reply).join('\n');
    case 'voice':
      return renderVoice(reply).say;
  }
}

/** Spoken replies longer than this are hard to follow on a call. */
const MAX_VOICE_WORDS = 120;

/**
 * Channel rules every reply must keep, checked on every bot message of every script: SMS within
 * two segments per message and numbered choices; voice speakable, short, with keypad digits;
 * Slack and web with one button per choice. Returns the broken rules.
 */
export function channelProblems(reply: Reply, channel: ChannelKind): string[] {
  const choices = choicesOf(reply);
  const problems: string[] = [];
  if (channel === 'sms') {
    for (const message of renderSms(reply)) {
      if (smsSegmentCount(message) > 2)
        problems.push(`SMS message over 2 segments: "${message.slice(0, 40)}…"`);
    }
    if (choices.length > 0 && !renderSms(reply).join('\n').includes('Reply 1 for'))
      problems.push('SMS choices are not numbered');
  } else if (channel === 'voice') {
    const voice = renderVoice(reply);
    if (/[<>&*_`]|https?:/.test(voice.say)) problems.push(`voice text is not speakable: "${voice.say}"`);
    if (voice.say.split(/\s+/).length > MAX_VOICE_WORDS)
      problems.push(`voice reply over ${MAX_VOICE_WORDS} words`);
    if (Object.keys(voice.dtmf).length !== Math.min(choices.length, 9))
      problems.push('voice choices lack keypad digits');
  } else if (channel === 'slack') {
    const buttons = renderSlack(reply).blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    if (buttons.length !== Math.min(choices.length, 25)) problems.push('Slack choices are not all buttons');
  } else if (renderWeb(reply).buttons.length !== choices.length) {
    problems.push('web chat choices are not all buttons');
  }
  return problems;
}
