import { parseForm } from '../../../adapters/twilio-shared/form-body';
import { redirectUri } from '../../../adapters/twilio-shared/twilio-client';
import { twilioEnabled } from '../../../adapters/twilio-shared/twilio-options';
import { fromActivity, smsConversationId, toActivity } from '../../../adapters/twilio-sms/mapping';
import { matchComplianceKeyword } from '../../../adapters/twilio-sms/opt-out-keywords';
import { smsChannel } from '../../../adapters/twilio-sms/sms-channel';
import { replyActivity } from '../../../src/bot/reply-activity';
import { loadConfig } from '../../../src/config/load-config';
import { createSilentLogger } from '../../../src/logging/logger';
import { createStateServices } from '../../../src/state/state-services';

describe('compliance keywords', () => {
  const match = (body: string, optedOut = false, optOutType?: string) =>
    matchComplianceKeyword({ body, optedOut, optOutType })?.action;

  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!', 'ＳＴＯＰ'])(
    '%j opts out',
    (body) => expect(match(body)).toBe('opt-out'),
  );
  it.each(['START', 'unstop'])('%j opts in', (body) => expect(match(body)).toBe('opt-in'));
  it.each(['HELP', 'info'])('%j asks for help', (body) => expect(match(body)).toBe('help'));
  it.each(['please stop texting me', 'stop it', 'the end', 'help me block my card', ''])(
    '%j is an ordinary message',
    (body) => expect(match(body)).toBeUndefined(),
  );
  it('YES opts back in only a number that opted out (otherwise it answers the bot)', () => {
    expect(match('yes', true)).toBe('opt-in');
    expect(match('yes', false)).toBeUndefined();
  });
  it("Twilio's OptOutType wins over the text", () => {
    expect(matchComplianceKeyword({ body: 'ARRET', optedOut: false, optOutType: 'STOP' })).toEqual({
      action: 'opt-out',
      source: 'OptOutType',
      keyword: 'STOP',
    });
  });
});

describe('SMS mapping', () => {
  const message = {
    messageSid: `SM${'a'.repeat(32)}`,
    from: '+15551230000',
    to: '+15550001111',
    body: 'hi',
    media: [],
  };

  it('keys the conversation on both numbers without exposing them', () => {
    const id = smsConversationId('+15551230000', '+15550001111');
    expect(id).toMatch(/^sms_[0-9a-f]{32}$/);
    expect(id).toBe(toActivity(message, 'https://x').conversation?.id);
    expect(smsConversationId('+15551230001', '+15550001111')).not.toBe(id);
  });

  it('uses the MessageSid as the activity id (dedupe) and the numbers as from / recipient', () => {
    expect(toActivity(message, 'https://x')).toMatchObject({
      id: message.messageSid,
      channelId: 'sms',
      from: { id: '+15551230000' },
      recipient: { id: '+15550001111' },
      text: 'hi',
    });
  });

  it('renders replies with numbered choices and attaches media to the first message', () => {
    const activity = replyActivity({ text: 'Which card?', choices: [{ title: 'Debit', value: 'debit' }] });
    activity.attachments = [{ contentType: 'image/png', contentUrl: 'https://example.com/card.png' }];
    expect(fromActivity(activity)).toEqual([
      { body: 'Which card?\nReply 1 for Debit.', mediaUrls: ['https://example.com/card.png'] },
    ]);
    expect(fromActivity({ type: 'typing' })).toBeUndefined();
  });
});

describe('Twilio plumbing', () => {
  it('parses forms like Twilio writes them, keeping repeated names', () => {
    expect(parseForm(Buffer.from('Body=hello+w%C3%B6rld&A=1&A=2&Empty=&Flag'))).toEqual({
      Body: 'hello wörld',
      A: ['1', '2'],
      Empty: '',
      Flag: '',
    });
    expect(Object.getPrototypeOf(parseForm(Buffer.from('__proto__=x')))).toBe(Object.prototype);
  });

  it('redirects only the Twilio API origin', () => {
    expect(
      redirectUri('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json', 'http://127.0.0.1:9/'),
    ).toBe('http://127.0.0.1:9/2010-04-01/Accounts/AC1/Messages.json');
    expect(redirectUri('https://other.example.com/x', 'http://127.0.0.1:9')).toBe(
      'https://other.example.com/x',
    );
  });

  it('a missing auth token is one ConfigError naming TWILIO_AUTH_TOKEN and how to disable the channels', () => {
    const config = loadConfig({
      env: { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_PHONE_NUMBER: '+15550001111' },
    });
    expect(twilioEnabled(config)).toBe(true);
    const state = createStateServices({});
    const create = () =>
      smsChannel()({ config, state, logger: createSilentLogger(), publicBaseUrl: 'https://bot.example.com' });
    expect(create).toThrow(expect.objectContaining({ code: 'SWB_ERR_CONFIG_INVALID' }));
    expect(create).toThrow(/TWILIO_AUTH_TOKEN is not set: SMS and voice webhooks cannot be verified/);
    expect(create).toThrow(/TWILIO_ENABLED=false/);
    void state.close();
  });

  it('TWILIO_ENABLED=false keeps the channels off even when configured', () => {
    expect(twilioEnabled(loadConfig({ env: { TWILIO_AUTH_TOKEN: 'x', TWILIO_ENABLED: 'false' } }))).toBe(
      false,
    );
    expect(twilioEnabled(loadConfig({ env: {} }))).toBe(false);
  });
});
