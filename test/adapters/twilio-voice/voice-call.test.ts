import { TurnContext } from 'botbuilder-core';
import { ACME_TEXT } from '../../../dialogs/acme-messages';
import { renderVoice } from '../../../src/rendering/render-voice';
import {
  fakeSid,
  OUR_NUMBER,
  startTwilioTestServer,
  type TwilioTestServer,
} from '../twilio-sms/twilio-test-server';
import { findAll, findOne, parseXml, saysOf, type XmlElement } from './twiml-xml';

/** Each `<Gather action>` carries its own token, so two identical answers are two requests. */
const GATHER_ACTION = /^https:\/\/bot\.example\.com\/twilio\/voice\/gather\?turn=[\w-]{12}$/;
const MENU = ['Check my balance', 'Report a lost card', 'Opening hours', 'Talk to a person'];

describe('voice over Twilio: a call is a conversation of <Gather> turns', () => {
  let t: TwilioTestServer;
  let callSid: string;
  let caller: string;
  /** The path and query of the last `<Gather action>`: where Twilio posts the caller's next answer. */
  let nextGather: string;

  beforeAll(async () => {
    t = await startTwilioTestServer();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    callSid = fakeSid('CA');
    caller = '+15556660001';
    nextGather = '/twilio/voice/gather';
    t.api.reset();
  });

  const call = (extra: Record<string, string> = {}) => ({
    CallSid: callSid,
    AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: caller,
    To: OUR_NUMBER,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ...extra,
  });
  /** Posts a webhook and parses the TwiML answer (which must be 200 text/xml). */
  const twiml = async (path: string, extra: Record<string, string> = {}): Promise<XmlElement> => {
    const response = await t.post(path, call(extra));
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    const doc = parseXml(response.body);
    const action = findAll(doc, 'Gather')[0]?.attributes['action'];
    if (action) nextGather = action.slice(new URL(action).origin.length);
    return doc;
  };
  const answer = () => twiml('/twilio/voice', { CallStatus: 'ringing' });
  const say = (speech: string, confidence = '0.92') =>
    twiml(nextGather, { SpeechResult: speech, Confidence: confidence });
  const press = (digits: string) => twiml(nextGather, { Digits: digits });
  const silence = () => twiml(nextGather);
  const says = (doc: XmlElement) => findAll(doc, 'Say').map((s) => s.children.join(''));
  const stateKeys = () => [`voice/conversations/${callSid}/`, `voice/prompt/${callSid}`];

  it('refuses unsigned and forged calls with 403', async () => {
    expect((await t.post('/twilio/voice', call(), { signature: null })).status).toBe(403);
    expect((await t.post('/twilio/voice/gather', call(), { signature: 'forged' })).status).toBe(403);
    expect((await t.post('/twilio/voice/status', call(), { signature: 'forged' })).status).toBe(403);
  });

  it('a full call: greeting, speech turns, a keypad answer, the lost-card form, goodbye, hang-up', async () => {
    caller = '+12025550102'; // James Okafor in the fake bank: identified by his caller id
    const greeting = await answer();
    const gather = findOne(greeting, 'Gather');
    expect(gather.attributes).toMatchObject({
      input: 'speech dtmf',
      action: expect.stringMatching(GATHER_ACTION),
      method: 'POST',
      actionOnEmptyResult: 'true',
      speechTimeout: 'auto',
      language: 'en-US',
      numDigits: '1', // the welcome offers the menu, so one key press answers
    });
    expect(gather.attributes['hints']?.split(', ')).toEqual(MENU);
    const welcome = renderVoice({
      text: ACME_TEXT.welcome,
      choices: MENU.map((m) => ({ title: m, value: m })),
    });
    expect(says(greeting)).toEqual([welcome.say]);

    const hello = await say('hello');
    expect(says(hello)).toEqual([ACME_TEXT.greeting]);
    expect(findOne(hello, 'Gather').attributes['numDigits']).toBeUndefined();
    expect(t.seen.at(-1)).toMatchObject({
      text: 'hello',
      channelId: 'voice',
      channelData: { asrConfidence: 0.92 },
    });

    const menu = await say('opening hours');
    expect(says(menu)[0]).toContain('for Report a lost card, say it or press 2');
    const confirm = await press('2');
    expect(t.seen.at(-1)?.text).toBe('Report a lost card');
    // One active card, so the form goes straight to the (short, voice-rendered) confirmation.
    expect(says(confirm)).toEqual([
      'Block your debit card ending 1 1 7 7 and order a new one? for Yes, say it or press 1; for No, say it or press 2.',
    ]);
    const done = await say('yes please');
    expect(says(done)[0]).toMatch(/^Done: your card ending 1 1 7 7 is blocked\./);

    const bye = await say('bye');
    expect(says(bye)).toEqual([ACME_TEXT.goodbye]);

    expect(Object.keys(await t.state.storage.read(stateKeys())).sort()).toEqual(stateKeys());
    const hangUp = await t.post(
      '/twilio/voice/status',
      call({ CallStatus: 'completed', CallDuration: '42' }),
    );
    expect(hangUp.status).toBe(204);
    expect(await t.state.storage.read(stateKeys())).toEqual({});
    expect(await t.voice.deliveries.get(callSid)).toMatchObject({
      kind: 'call',
      status: 'completed',
      failed: false,
    });
  });

  it('low ASR confidence: asks again without running NLU, then offers the same step on the keypad', async () => {
    await answer();
    const seenBefore = t.seen.length;
    const first = await say('mumble mumble', '0.21');
    expect(says(first)).toEqual(['Sorry, could you repeat that?']);
    expect(findOne(first, 'Gather').attributes).toMatchObject({ numDigits: '1', hints: MENU.join(', ') });
    const second = await say('mmhmm', '0.3');
    expect(says(second)[0]).toContain('You can use your keypad instead.');
    expect(says(second)[0]).toContain('for Report a lost card, say it or press 2');
    expect(t.seen.length).toBe(seenBefore); // neither miss reached NLU or the dialogs
    await press('2');
    expect(t.seen.at(-1)).toMatchObject({ text: 'Report a lost card', channelData: { inputMode: 'dtmf' } });
  });

  it('low confidence on a step without choices offers a person; 0 asks for one', async () => {
    await answer();
    await say('hello');
    await say('uh', '0.1');
    const second = await say('uh', '0.1');
    expect(says(second)).toEqual([expect.stringContaining('To talk to a person, say agent or press 0.')]);
    expect(findOne(second, 'Gather').attributes['numDigits']).toBe('1');
    await press('0');
    expect(t.seen.at(-1)?.text).toBe('Talk to a person');
  });

  it('a good answer starts a fresh step: the next miss asks again rather than jumping to the keypad', async () => {
    await answer();
    await say('uh', '0.1');
    await say('hello');
    expect(says(await say('uh', '0.1'))).toEqual(['Sorry, could you repeat that?']);
  });

  it('silence: re-prompts with the last question, then offers a person, then ends the call', async () => {
    const greeting = await answer();
    const first = await silence();
    expect(says(first)).toEqual(["Sorry, I didn't hear anything.", ...says(greeting)]);
    const second = await silence();
    expect(says(second)).toEqual(['Are you still there? To talk to a person, say agent or press 0.']);
    expect(findOne(second, 'Gather').attributes['numDigits']).toBe('1');
    const third = await silence();
    expect(says(third)).toEqual([expect.stringContaining('Goodbye')]);
    expect(findAll(third, 'Hangup')).toHaveLength(1);
    expect(findAll(third, 'Gather')).toHaveLength(0);
  });

  it('hang-up during a gather ends the conversation cleanly and answers an empty <Response/>', async () => {
    await answer();
    await say('hello');
    expect(Object.keys(await t.state.storage.read(stateKeys())).sort()).toEqual(stateKeys());
    const done = await twiml('/twilio/voice/gather', { CallStatus: 'completed' });
    expect(done).toEqual({ name: 'Response', attributes: {}, children: [] });
    expect(await t.state.storage.read(stateKeys())).toEqual({});
  });

  it('a failing turn is answered with an apology inside a new <Gather>, never a 500', async () => {
    await answer();
    const failed = await say('explode');
    expect(says(failed)).toEqual([expect.stringContaining('Sorry, something went wrong')]);
    expect(findAll(failed, 'Gather')).toHaveLength(1);
  });

  it('proactive messages reach a live call through calls(sid).update with new TwiML', async () => {
    await answer();
    await say('hello');
    const reference = await t.server.references.get('voice', callSid);
    await t.voice.adapter.continueConversation(reference, async (context) => {
      expect(TurnContext.getConversationReference(context.activity).conversation?.id).toBe(callSid);
      await context.sendActivity('An agent will be with you in about 2 minutes.');
    });
    const [update] = await t.api.waitFor(1, (r) => r.kind === 'call-update');
    expect(update?.sid).toBe(callSid);
    expect(saysOf(update?.params['Twiml'] ?? '')).toEqual(['An agent will be with you in about 2 minutes.']);
    expect(findOne(parseXml(update?.params['Twiml'] ?? ''), 'Gather').attributes['action']).toMatch(
      GATHER_ACTION,
    );
  });

  it('records verified call statuses; busy and unanswered calls are listed as failures', async () => {
    const busy = await t.post('/twilio/voice/status', call({ CallStatus: 'busy' }));
    expect(busy.status).toBe(204);
    expect((await t.voice.deliveries.failures()).map((f) => [f.sid, f.status])).toContainEqual([
      callSid,
      'busy',
    ]);
  });
});
