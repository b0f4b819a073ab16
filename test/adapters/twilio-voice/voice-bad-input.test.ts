import {
  fakeSid,
  OUR_NUMBER,
  sign,
  startTwilioTestServer,
  type TwilioTestServer,
} from '../twilio-sms/twilio-test-server';
import { findAll, parseXml, saysOf } from './twiml-xml';

describe('voice bad input: precise 4xx before verification, valid TwiML after, never a 500', () => {
  let t: TwilioTestServer;
  const call = () => ({
    CallSid: fakeSid('CA'),
    From: '+15557770001',
    To: OUR_NUMBER,
    CallStatus: 'in-progress',
  });

  beforeAll(async () => {
    t = await startTwilioTestServer();
  });
  afterAll(() => t.close());

  /** A verified request that cannot be served is told so politely and the call ends. */
  const expectHangUpApology = (response: { status: number; contentType: string; body: string }) => {
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    const doc = parseXml(response.body);
    expect(saysOf(response.body)).toEqual([expect.stringContaining("Sorry, we can't take this call")]);
    expect(findAll(doc, 'Hangup')).toHaveLength(1);
  };

  it.each<[string, string, Record<string, string>]>([
    ['a new call without CallSid', '/twilio/voice', { From: '+15557770001', To: OUR_NUMBER }],
    ['a new call without From', '/twilio/voice', { CallSid: fakeSid('CA'), To: OUR_NUMBER }],
    ['a call between two numbers that are not ours', '/twilio/voice', { ...call(), To: '+15550009999' }],
    ['a message SID instead of a call SID', '/twilio/voice/gather', { ...call(), CallSid: fakeSid('SM') }],
    [
      'a 5,000-character speech result',
      '/twilio/voice/gather',
      { ...call(), SpeechResult: 'la '.repeat(1700) },
    ],
    [
      'a confidence that is not a number',
      '/twilio/voice/gather',
      { ...call(), SpeechResult: 'hi', Confidence: 'high' },
    ],
    ['digits that are not keys', '/twilio/voice/gather', { ...call(), Digits: '12ab' }],
  ])('signed, with %s: an apology and <Hangup/>', async (_name, path, params) => {
    expectHangUpApology(await t.post(path, params));
  });

  it('refuses unsigned webhooks with 403 (a forger learns nothing from TwiML)', async () => {
    const response = await t.post('/twilio/voice', call(), { signature: null });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'SWB_ERR_TWILIO_SIGNATURE' });
  });

  it('refuses a JSON body with 415 and an oversized one with 413', async () => {
    const json = await t.post('/twilio/voice', call(), {
      rawBody: Buffer.from(JSON.stringify(call())),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
    const big = await t.post('/twilio/voice/gather', { ...call(), SpeechResult: 'x'.repeat(80 * 1024) });
    expect(big.status).toBe(413);
  });

  it('refuses non-UTF-8 speech with 400', async () => {
    const params = call();
    const rawBody = Buffer.from(`${new URLSearchParams(params).toString()}&SpeechResult=caf%E9`);
    const response = await t.post('/twilio/voice/gather', params, { rawBody });
    expect(response.status).toBe(400);
  });

  it('answers a status callback without CallStatus with 400 (it is not TwiML)', async () => {
    const { CallStatus: _omitted, ...params } = call();
    const response = await t.post('/twilio/voice/status', params);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'SWB_ERR_VALIDATION' });
  });

  it('a gather for a call it never saw is just a turn (the bot starts fresh)', async () => {
    const params = { ...call(), SpeechResult: 'hello', Confidence: '0.9' };
    const response = await t.post('/twilio/voice/gather', params, {
      signature: sign('/twilio/voice/gather', params),
    });
    expect(response.status).toBe(200);
    expect(saysOf(response.body)).toEqual(['Hello! How can I help you today?']);
  });
});
