import { TurnContext } from 'botbuilder-core';
import twilio from 'twilio';
import { SMS_CHANNEL_ID, smsConversationId } from '../../../adapters/twilio-sms/mapping';
import { ACME_TEXT } from '../../../dialogs/acme-messages';
import { smsSegmentCount } from '../../../src/rendering/sms-segments';
import { parseXml } from '../twilio-voice/twiml-xml';
import {
  fakeSid,
  OUR_NUMBER,
  sign,
  startTwilioTestServer,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from './twilio-test-server';

describe('SMS over Twilio: signed webhooks, REST replies, opt-out compliance', () => {
  let t: TwilioTestServer;
  let n = 0;
  /** A fresh customer number per test, so tests never share a conversation or consent record. */
  let customer: string;

  beforeAll(async () => {
    t = await startTwilioTestServer();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    customer = `+1555200${String(++n).padStart(4, '0')}`;
    t.api.reset();
  });

  const inbound = (body: string, extra: Record<string, string> = {}) => ({
    MessageSid: fakeSid('SM'),
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: customer,
    To: OUR_NUMBER,
    Body: body,
    NumMedia: '0',
    ...extra,
  });
  /** Posts an inbound SMS and waits for the turn that runs after the answer. */
  const text = async (body: string, extra: Record<string, string> = {}) => {
    const response = await t.post('/twilio/sms', inbound(body, extra));
    await t.settle();
    return response;
  };
  const reference = () =>
    TurnContext.getConversationReference({
      channelId: SMS_CHANNEL_ID,
      serviceUrl: 'https://bot.example.com',
      from: { id: customer, name: '' },
      recipient: { id: OUR_NUMBER, name: 'bot' },
      conversation: {
        id: smsConversationId(customer, OUR_NUMBER),
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
    });
  /**
   * Sends like an agent relay or a timeout does. The pipeline's error boundary ends a failed turn
   * quietly, so the sender sees a refusal where it sends: the error of `sendActivity` is returned.
   */
  const proactive = async (message: string): Promise<unknown> => {
    let refused: unknown;
    await t.sms.adapter.continueConversation(reference(), async (context) => {
      try {
        await context.sendActivity(message);
      } catch (error) {
        refused = error;
        throw error;
      }
    });
    return refused;
  };

  it('answers a signed message with an empty TwiML <Response/> and replies through the REST API', async () => {
    const response = await text('hello');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    const twiml = parseXml(response.body);
    expect(twiml).toEqual({ name: 'Response', attributes: {}, children: [] });
    expect(t.api.messagesTo(customer)).toEqual([ACME_TEXT.greeting]);
    const sent = t.api.requests[0];
    expect(sent?.params['From']).toBe(OUR_NUMBER);
    expect(sent?.params['StatusCallback']).toBe('https://bot.example.com/twilio/sms/status');
  });

  it('refuses unsigned, forged, tampered and wrong-URL webhooks with 403, and runs no turn', async () => {
    const seenBefore = t.seen.length;
    const params = inbound('hello');
    const attempts = [
      await t.post('/twilio/sms', params, { signature: null }),
      await t.post('/twilio/sms', params, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }),
      await t.post(
        '/twilio/sms',
        { ...params, Body: 'tampered' },
        { signature: sign('/twilio/sms', params) },
      ),
      // Signed for the URL this process sees behind the proxy instead of PUBLIC_BASE_URL.
      await t.post('/twilio/sms', params, {
        signature: twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${t.baseUrl}/twilio/sms`, params),
      }),
    ];
    await t.settle();
    for (const r of attempts) {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'SWB_ERR_TWILIO_SIGNATURE' });
    }
    expect(t.seen.length).toBe(seenBefore);
    expect(t.api.requests).toEqual([]);
  });

  it('delivers MMS media to the bot as attachments', async () => {
    await text('look at this', {
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
      MediaContentType1: 'application/pdf',
    });
    expect(t.seen.at(-1)?.attachments).toEqual([
      { contentType: 'image/jpeg', contentUrl: expect.stringContaining('/Media/ME1'), name: 'media-0' },
      { contentType: 'application/pdf', contentUrl: expect.stringContaining('/Media/ME2'), name: 'media-1' },
    ]);
  });

  it('records STOP in the consent log, runs no bot, and refuses every later send before Twilio', async () => {
    await text('hello');
    const seenBefore = t.seen.length;
    t.api.reset();
    expect((await text('  Stop. ')).status).toBe(200);
    const record = await t.sms.consent.get(customer);
    expect(record).toMatchObject({
      status: 'opted-out',
      log: [{ action: 'opt-out', source: 'keyword', keyword: 'STOP' }],
    });
    expect(Date.parse(record?.log[0]?.at ?? '')).toBeGreaterThan(0);
    // A proactive (or agent) message is refused with a coded error, and Twilio never hears of it.
    expect(await proactive('We miss you!')).toMatchObject({ code: 'SWB_ERR_SMS_OPTED_OUT' });
    // The customer writes again without START: the bot does not run, nothing is sent.
    await text('hello');
    expect(t.seen.length).toBe(seenBefore);
    expect(t.api.requests).toEqual([]);
  });

  it("honours Twilio's OptOutType (a custom keyword) and START opts back in", async () => {
    await text('ARRET', { OptOutType: 'STOP' });
    expect(await t.sms.consent.isOptedOut(customer)).toBe(true);
    await text('start');
    const record = await t.sms.consent.get(customer);
    expect(record?.status).toBe('opted-in');
    expect(record?.log.map((e) => [e.action, e.source])).toEqual([
      ['opt-out', 'OptOutType'],
      ['opt-in', 'keyword'],
    ]);
    expect(t.api.requests).toEqual([]); // Twilio confirms STOP and START itself
    expect(await proactive('Welcome back')).toBeUndefined();
    expect(t.api.messagesTo(customer)).toEqual(['Welcome back']);
  });

  it('answers HELP with the configured help text and logs it, once even when Twilio redelivers', async () => {
    const params = inbound('HELP');
    await t.post('/twilio/sms', params);
    await t.post('/twilio/sms', params);
    await t.settle();
    expect(t.api.messagesTo(customer)).toEqual([t.sms.options.helpText]);
    expect((await t.sms.consent.get(customer))?.log).toHaveLength(1);
  });

  it('never answers a duplicate MessageSid twice', async () => {
    const params = inbound('hello');
    const answers = await Promise.all([t.post('/twilio/sms', params), t.post('/twilio/sms', params)]);
    await t.post('/twilio/sms', params);
    await t.settle();
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(t.api.messagesTo(customer)).toEqual([ACME_TEXT.greeting]);
  });

  it('keeps long replies within the two-segment budget, split into several messages', async () => {
    await text('hello');
    t.api.reset();
    const long = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} of a long explanation.`).join(
      ' ',
    );
    await proactive(long);
    const bodies = t.api.messagesTo(customer);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(smsSegmentCount(body)).toBeLessThanOrEqual(2);
    expect(bodies.join(' ')).toBe(long);
  });

  it('records verified delivery statuses and lists failed deliveries', async () => {
    await text('hello');
    const sid = t.api.requests[0]?.createdSid as string;
    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      t.post('/twilio/sms/status', {
        MessageSid: sid,
        MessageStatus,
        To: customer,
        From: OUR_NUMBER,
        ...extra,
      });
    expect((await status('sent')).status).toBe(204);
    expect((await status('undelivered', { ErrorCode: '30003' })).status).toBe(204);
    expect((await status('sent')).status).toBe(204); // late and out of order: does not undo the failure
    const forged = await t.post(
      '/twilio/sms/status',
      { MessageSid: sid, MessageStatus: 'delivered' },
      { signature: 'x' },
    );
    expect(forged.status).toBe(403);
    const record = await t.sms.deliveries.get(sid);
    expect(record).toMatchObject({ status: 'undelivered', failed: true, errorCode: '30003' });
    expect(record?.history.map((h) => h.status)).toEqual(['queued', 'sent', 'undelivered', 'sent']);
    expect((await t.sms.deliveries.failures()).map((f) => f.sid)).toContain(sid);
  });

  it('surfaces REST failures as coded errors; 21610 (unsubscribed at Twilio) becomes an opt-out', async () => {
    await text('hello');
    t.api.failWith({ status: 500, times: 1 });
    expect(await proactive('hi again')).toMatchObject({ code: 'SWB_ERR_TWILIO_API' });
    t.api.failWith({ status: 400, code: 21610, times: 1 });
    expect(await proactive('hi again')).toMatchObject({ code: 'SWB_ERR_SMS_OPTED_OUT' });
    expect(await t.sms.consent.get(customer)).toMatchObject({
      status: 'opted-out',
      log: [{ source: 'api-error' }],
    });
  });

  it('a full lost-card conversation over SMS, answered with numbered choices', async () => {
    customer = '+12025550101'; // Maria Garcia in the fake bank: identified by the number she texts from
    await text('opening hours');
    expect(t.api.messagesTo(customer)).toEqual([
      `${ACME_TEXT.help}\nReply 1 for Check my balance, 2 for Report a lost card, 3 for Opening hours, 4 for Talk to a person.`,
    ]);
    await text('2');
    expect(t.seen.at(-1)?.text).toBe('Report a lost card');
    expect(t.api.messagesTo(customer).at(-1)).toBe(
      'Which card is lost?\nReply 1 for Debit card ending 4821, 2 for Credit card ending 9034.',
    );
    await text('1');
    expect(t.api.messagesTo(customer).at(-1)).toBe(
      'Block your debit card ending 4821 and order a new one?\nReply 1 for Yes, 2 for No.',
    );
    await text('1');
    const done = t.api.messagesTo(customer).at(-1) ?? '';
    expect(done).toMatch(
      /^Done: your card ending 4821 is blocked\. Your reference is \S+, and a new card will arrive by /,
    );
    for (const body of t.api.messagesTo(customer)) expect(smsSegmentCount(body)).toBeLessThanOrEqual(2);
  });
});
