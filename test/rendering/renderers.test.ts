import { choiceNumberOf, matchChoice } from '../../src/rendering/choice-input';
import { renderSlack } from '../../src/rendering/render-slack';
import { numberedChoices, renderSms } from '../../src/rendering/render-sms';
import { renderVoice, toSpeakable } from '../../src/rendering/render-voice';
import { renderWeb } from '../../src/rendering/render-web';
import type { Reply } from '../../src/rendering/reply';
import { smsEncoding, smsSegmentCount, splitSms } from '../../src/rendering/sms-segments';

const menu: Reply = {
  text: 'What can I do for you?',
  choices: [
    { title: 'Check my balance', value: 'check balance' },
    { title: 'Report a lost card', value: 'lost card', synonyms: ['stolen card'] },
  ],
};

describe('SMS segments', () => {
  it('counts GSM-7 and UCS-2 segments', () => {
    expect(smsEncoding('Hello {world}')).toBe('GSM-7');
    expect(smsEncoding('Hello 👋')).toBe('UCS-2');
    expect(smsSegmentCount('a'.repeat(160))).toBe(1);
    expect(smsSegmentCount('a'.repeat(161))).toBe(2);
    expect(smsSegmentCount('€'.repeat(80))).toBe(1); // extension characters count twice: 160
    expect(smsSegmentCount('€'.repeat(81))).toBe(2);
    expect(smsSegmentCount('é'.repeat(160))).toBe(1); // é is in the GSM basic table
    expect(smsSegmentCount('ж'.repeat(70))).toBe(1);
    expect(smsSegmentCount('ж'.repeat(71))).toBe(2);
  });

  it('splits long text at sentence boundaries within the budget', () => {
    const sentence = 'Your card has been blocked and a replacement is on its way. ';
    const parts = splitSms(sentence.repeat(10), 2);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(smsSegmentCount(part)).toBeLessThanOrEqual(2);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(sentence.repeat(10).trim());
  });
});

describe('renderers', () => {
  it('web: text and buttons', () => {
    expect(renderWeb(menu)).toEqual({
      text: 'What can I do for you?',
      buttons: [
        { title: 'Check my balance', value: 'check balance' },
        { title: 'Report a lost card', value: 'lost card' },
      ],
    });
  });

  it('slack: an escaped section and an actions block of buttons', () => {
    const out = renderSlack({ ...menu, text: 'Fees <1% & more' });
    expect(out.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Fees &lt;1% &amp; more' },
    });
    expect(out.blocks[1]).toMatchObject({
      type: 'actions',
      elements: [{ value: 'check balance' }, { value: 'lost card' }],
    });
    expect(out.text).toBe('Fees <1% & more');
  });

  it('sms: numbered choices, the short variant, GSM-friendly punctuation', () => {
    const [message] = renderSms({ ...menu, variants: { sms: 'What’s next?' } });
    expect(message).toBe("What's next?\nReply 1 for Check my balance, 2 for Report a lost card.");
    expect(smsEncoding(message as string)).toBe('GSM-7');
    expect(numberedChoices([])).toBe('');
  });

  it('sms: a long reply is split into messages of at most two segments, choices kept whole at the end', () => {
    const long = { ...menu, text: 'We are sorry to hear that. '.repeat(20) };
    const messages = renderSms(long);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(smsSegmentCount(m)).toBeLessThanOrEqual(2);
    expect(messages[messages.length - 1]).toContain(
      'Reply 1 for Check my balance, 2 for Report a lost card.',
    );
  });

  it('voice: speakable text, choices with keypad digits, hints', () => {
    const out = renderVoice({
      ...menu,
      text: 'Your balance is $1,234.50 on card 4821 😀 see https://acme.example',
    });
    expect(out.say).toContain('1234 dollars and 50 cents');
    expect(out.say).toContain('4 8 2 1');
    expect(out.say).toContain('our website');
    expect(out.say).not.toMatch(/😀|https/);
    expect(out.say).toContain('for Check my balance, say it or press 1');
    expect(out.dtmf).toEqual({ '1': 'check balance', '2': 'lost card' });
    expect(out.hints).toEqual(['Check my balance', 'Report a lost card', 'stolen card']);
  });

  it('sms: a UCS-2 reply (emoji, accents outside GSM-7) is split within two 67-unit segments per message', () => {
    const long = { ...menu, text: 'Votre carte est bloquée 👍. '.repeat(12) };
    const messages = renderSms(long);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(smsSegmentCount(m)).toBeLessThanOrEqual(2);
    expect(messages.some((m) => smsEncoding(m) === 'UCS-2')).toBe(true);
    expect(messages.join(' ')).toContain('Reply 1 for Check my balance, 2 for Report a lost card.');
  });

  it('voice: ISO dates as spoken dates, reference codes spelled, currency codes as money', () => {
    expect(toSpeakable('Your reference is BLK-100001, and a new card will arrive by 2025-03-12.')).toBe(
      'Your reference is B L K 1 0 0 0 0 1, and a new card will arrive by March 12, 2025.',
    );
    expect(toSpeakable('a dispute for USD 42.10 on 2025-03-04, card ending 9034')).toBe(
      'a dispute for 42 dollars and 10 cents on March 4, 2025, card ending 9 0 3 4',
    );
    expect(toSpeakable('not a date: 2025-13-40')).toBe('not a date: 2 0 2 5-13-40');
  });

  it('voice: a confirmation offers yes and no', () => {
    expect(renderVoice({ text: 'Block it?', confirmation: true }).dtmf).toEqual({ '1': 'yes', '2': 'no' });
    expect(toSpeakable('*Bold* & <b>')).toBe('Bold and b');
  });
});

describe('matchChoice', () => {
  it.each([
    ['1', 'check balance'],
    ['2.', 'lost card'],
    ['#2', 'lost card'],
    ['option 1', 'check balance'],
    ['the second one', 'lost card'],
    ['two', 'lost card'],
    ['Check my balance', 'check balance'],
    ['stolen card', 'lost card'],
    ['balance', 'check balance'],
  ])('"%s" picks %s', (text, value) => {
    expect(matchChoice(text, menu.choices ?? [])?.value).toBe(value);
  });

  it.each([['3'], ['0'], ['card balance lost'], ['hello']])('"%s" picks nothing', (text) => {
    expect(matchChoice(text, menu.choices ?? [])).toBeUndefined();
  });

  it('choiceNumberOf reads a bare option number, in range or not, and nothing else', () => {
    expect(['7', 'option 7', 'the seventh one', '#0'].map(choiceNumberOf)).toEqual([7, 7, 7, 0]);
    expect(['4821', 'card 7 please', '19.99'].map(choiceNumberOf)).toEqual([undefined, undefined, undefined]);
  });
});
