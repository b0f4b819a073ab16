import { ACME_TEXT } from '../../../dialogs/acme-messages';
import {
  fakeSid,
  OUR_NUMBER,
  sign,
  startTwilioTestServer,
  type TwilioTestServer,
} from './twilio-test-server';

describe('SMS bad input: a precise 4xx with a coded body, never a 500, and the channel keeps serving', () => {
  let t: TwilioTestServer;
  const customer = '+15553330001';
  const valid = () => ({
    MessageSid: fakeSid('SM'),
    From: customer,
    To: OUR_NUMBER,
    Body: 'hello',
    NumMedia: '0',
  });

  beforeAll(async () => {
    t = await startTwilioTestServer();
  });
  afterAll(() => t.close());

  const codeOf = (body: string) => (JSON.parse(body) as { code: string }).code;

  it.each<[string, Record<string, string>]>([
    ['no From', { MessageSid: fakeSid('SM'), To: OUR_NUMBER, Body: 'hi' }],
    ['no MessageSid', { From: customer, To: OUR_NUMBER, Body: 'hi' }],
    ['a malformed MessageSid', { MessageSid: 'SM123', From: customer, To: OUR_NUMBER, Body: 'hi' }],
    ['a sender that is not a phone number', { ...valid(), From: 'whatsapp:+15553330001' }],
    ['another account number as To (unknown number)', { ...valid(), To: '+15559999999' }],
    ['a 2,000-character body', { ...valid(), Body: 'a'.repeat(2000) }],
    ['NumMedia without its media', { ...valid(), NumMedia: '2', MediaUrl0: 'https://example.com/a.jpg' }],
    [
      'a media URL that is not https',
      { ...valid(), NumMedia: '1', MediaUrl0: 'http://x/a', MediaContentType0: 'image/png' },
    ],
    ['NumMedia that is not a number', { ...valid(), NumMedia: 'many' }],
  ])('signed, with %s: 400 SWB_ERR_VALIDATION naming the field, not its value', async (_name, params) => {
    const response = await t.post('/twilio/sms', params);
    expect(response.status).toBe(400);
    expect(codeOf(response.body)).toBe('SWB_ERR_VALIDATION');
    expect(response.body).not.toContain('+1555');
  });

  it('refuses a JSON body with 415', async () => {
    const response = await t.post('/twilio/sms', valid(), {
      rawBody: Buffer.from(JSON.stringify(valid())),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(415);
    expect(codeOf(response.body)).toBe('SWB_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a form in another charset with 415', async () => {
    const response = await t.post('/twilio/sms', valid(), {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' },
    });
    expect(response.status).toBe(415);
  });

  it('refuses a body over the limit with 413, before reading it all', async () => {
    const params = { ...valid(), Padding: 'x'.repeat(70 * 1024) };
    const response = await t.post('/twilio/sms', params);
    expect(response.status).toBe(413);
    expect(codeOf(response.body)).toBe('SWB_ERR_PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['a percent-encoded invalid UTF-8 byte', 'Body=%FF%FE'],
    ['a raw invalid UTF-8 byte', Buffer.concat([Buffer.from('Body='), Buffer.from([0xc3, 0x28])])],
    ['a truncated percent escape', 'Body=100%'],
  ])('refuses %s with 400, never replacing characters silently', async (_name, raw) => {
    const params = valid();
    const rawBody = Buffer.concat([
      Buffer.from(`${new URLSearchParams(params).toString()}&`),
      Buffer.from(raw),
    ]);
    const response = await t.post('/twilio/sms', params, { rawBody });
    expect(response.status).toBe(400);
    expect(codeOf(response.body)).toBe('SWB_ERR_VALIDATION');
  });

  it('refuses an empty unsigned body with 403 and an empty signed one with 400', async () => {
    expect((await t.post('/twilio/sms', {}, { signature: null, rawBody: Buffer.alloc(0) })).status).toBe(403);
    expect((await t.post('/twilio/sms', {}, { signature: sign('/twilio/sms', {}) })).status).toBe(400);
  });

  it('accepts fields Twilio adds over time, and UTF-8 text (emoji, accents)', async () => {
    const response = await t.post('/twilio/sms', {
      ...valid(),
      Body: 'héllo 👋',
      FromCity: 'SPRINGFIELD',
      ApiVersion: '2010-04-01',
    });
    expect(response.status).toBe(200);
    await t.settle();
    expect(t.seen.at(-1)?.text).toBe('héllo 👋');
  });

  it('still serves a valid message after all of that', async () => {
    t.api.reset();
    expect((await t.post('/twilio/sms', valid())).status).toBe(200);
    await t.settle();
    expect(t.api.messagesTo(customer)).toEqual([ACME_TEXT.greeting]);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });
});
