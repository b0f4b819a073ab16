/**
 * Issue #10: Twilio signs no timestamp, so a captured voice webhook verifies forever. Each signed
 * TwiML webhook runs once; the same request again (a replay, or Twilio's own retry) gets the same
 * TwiML and runs nothing.
 */
import { ReplayGuard } from '../../../adapters/twilio-shared/replay-guard';
import { MemoryDedupeStore } from '../../../src/state/memory-dedupe';
import { RedisDedupeStore } from '../../../src/state/redis-dedupe';
import { setupRedis } from '../../support/redis-test-context';
import { describeWithRedis } from '../../support/services';
import {
  fakeSid,
  OUR_NUMBER,
  startTwilioTestServer,
  type TwilioTestServer,
} from '../twilio-sms/twilio-test-server';
import { findAll, findOne, parseXml, textOf } from './twiml-xml';

const PUBLIC_BASE_URL = 'https://bot.example.com';

describe('voice webhooks: a replayed signed request runs no second turn (issue #10)', () => {
  let t: TwilioTestServer;
  beforeAll(async () => {
    t = await startTwilioTestServer();
  });
  afterAll(() => t.close());

  const callParams = (callSid: string, extra: Record<string, string> = {}) => ({
    CallSid: callSid,
    From: '+15556660077',
    To: OUR_NUMBER,
    CallStatus: 'in-progress',
    ...extra,
  });
  /** Answers a new call; returns the path of its `<Gather action>` (where the next answer goes). */
  const startCall = async (callSid: string): Promise<string> => {
    const greeting = await t.post('/twilio/voice', callParams(callSid, { CallStatus: 'ringing' }));
    const action = findOne(parseXml(greeting.body), 'Gather').attributes['action'] ?? '';
    return action.slice(PUBLIC_BASE_URL.length);
  };

  it('the same signed gather posted twice: one turn, the identical TwiML both times', async () => {
    const callSid = fakeSid('CA');
    const gather = await startCall(callSid);
    const answer = callParams(callSid, { SpeechResult: 'opening hours', Confidence: '0.9' });
    const turnsBefore = t.seen.length;
    const first = await t.post(gather, answer);
    const replay = await t.post(gather, answer);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.contentType).toMatch(/^text\/xml/);
    expect(replay.body).toBe(first.body);
    expect(t.seen.length).toBe(turnsBefore + 1);
  });

  it('a different answer to the same gather still runs; forged requests are still 403', async () => {
    const callSid = fakeSid('CA');
    const gather = await startCall(callSid);
    const turnsBefore = t.seen.length;
    await t.post(gather, callParams(callSid, { SpeechResult: 'opening hours', Confidence: '0.9' }));
    const other = await t.post(gather, callParams(callSid, { Digits: '1' }));
    expect(other.status).toBe(200);
    expect(t.seen.length).toBe(turnsBefore + 2);
    const forged = await t.post(gather, callParams(callSid, { Digits: '2' }), { signature: 'forged' });
    expect(forged.status).toBe(403);
    expect(t.seen.length).toBe(turnsBefore + 2);
  });

  it('two silent gathers in a row are two turns: each <Gather action> has its own token', async () => {
    const callSid = fakeSid('CA');
    const first = await startCall(callSid);
    const reprompt = parseXml((await t.post(first, callParams(callSid))).body);
    const second = findOne(reprompt, 'Gather').attributes['action'] ?? '';
    expect(second).not.toBe(`${PUBLIC_BASE_URL}${first}`);
    const offer = parseXml((await t.post(second.slice(PUBLIC_BASE_URL.length), callParams(callSid))).body);
    // The second silence escalates (a second turn), rather than repeating the first re-prompt.
    expect(findAll(offer, 'Say').map(textOf)).toEqual([expect.stringContaining('Are you still there?')]);
  });

  it('a replayed new-call webhook answers the same greeting without a second turn', async () => {
    const params = callParams(fakeSid('CA'), { CallStatus: 'ringing' });
    const first = await t.post('/twilio/voice', params);
    const turnsAfterFirst = t.seen.length;
    const replay = await t.post('/twilio/voice', params);
    // The greeting's <Gather action> token is random: a second run would answer a different one.
    expect(replay.body).toBe(first.body);
    expect(t.seen.length).toBe(turnsAfterFirst);
  });
});

/** A request and a `produce` that runs only when released, to hold the first request in progress. */
function heldTurn() {
  let release: (twiml: string) => void = () => undefined;
  const answer = new Promise<string>((resolve) => {
    release = resolve;
  });
  let runs = 0;
  const produce = () => {
    runs += 1;
    return answer;
  };
  return { produce, release: (twiml: string) => release(twiml), runs: () => runs };
}

const REQUEST = {
  signature: 'c2lnbmF0dXJl',
  originalUrl: '/twilio/voice/gather?turn=abc',
  params: { CallSid: 'CA1', Digits: '1' },
};
const ANSWER = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi</Say></Response>';

describe('ReplayGuard: a duplicate of a request still in progress', () => {
  it('gets a pause and a redirect that serves the first answer once it exists', async () => {
    const dedupe = new MemoryDedupeStore();
    const guard = new ReplayGuard({
      state: { dedupe },
      publicBaseUrl: PUBLIC_BASE_URL,
      abandoned: () => 'gone',
    });
    const turn = heldTurn();
    const first = guard.answer(REQUEST, turn.produce);
    const duplicate = parseXml(await guard.answer(REQUEST, turn.produce));
    expect(findOne(duplicate, 'Pause').attributes['length']).toBe('1');
    const redirect = findOne(duplicate, 'Redirect');
    expect(redirect.attributes['method']).toBe('POST');
    const target = new URL(textOf(redirect));
    expect(target.origin + target.pathname).toBe(`${PUBLIC_BASE_URL}/twilio/voice/gather`);
    expect(target.searchParams.get('turn')).toBe('abc');

    // Twilio follows the redirect with the call's standard parameters (a different body).
    const follow = { ...REQUEST, originalUrl: target.pathname + target.search, params: { CallSid: 'CA1' } };
    expect(findAll(parseXml(await guard.answer(follow, turn.produce)), 'Redirect')).toHaveLength(1);
    turn.release(ANSWER);
    expect(await first).toBe(ANSWER);
    expect(await guard.answer(follow, turn.produce)).toBe(ANSWER);
    expect(await guard.answer(REQUEST, turn.produce)).toBe(ANSWER);
    expect(turn.runs()).toBe(1);
    await dedupe.close();
  });

  it('answers `abandoned` when the first request never answers within the redirect rounds', async () => {
    const dedupe = new MemoryDedupeStore();
    const guard = new ReplayGuard({
      state: { dedupe },
      publicBaseUrl: PUBLIC_BASE_URL,
      abandoned: () => 'gone',
    });
    const turn = heldTurn();
    const first = guard.answer(REQUEST, turn.produce);
    let twiml = await guard.answer(REQUEST, turn.produce);
    for (let round = 0; round < 30 && twiml !== 'gone'; round++) {
      const target = new URL(textOf(findOne(parseXml(twiml), 'Redirect')));
      twiml = await guard.answer({ ...REQUEST, originalUrl: target.pathname + target.search }, turn.produce);
    }
    expect(twiml).toBe('gone');
    expect(turn.runs()).toBe(1);
    turn.release(ANSWER);
    await first;
    await dedupe.close();
  });
});

describeWithRedis('ReplayGuard on Redis: a replay reaching another process', (redisUrl) => {
  const ctx = setupRedis(redisUrl, 'replay-guard');

  it('gets the answer the first process remembered, and runs nothing', async () => {
    const keyPrefix = ctx.nextPrefix();
    const processOf = () =>
      new ReplayGuard({
        state: {
          dedupe: new RedisDedupeStore({ redis: ctx.redis, keyPrefix }),
          redis: { client: ctx.redis, keyPrefix },
        },
        publicBaseUrl: PUBLIC_BASE_URL,
        abandoned: () => 'gone',
      });
    let runs = 0;
    const produce = async () => {
      runs += 1;
      return ANSWER;
    };
    expect(await processOf().answer(REQUEST, produce)).toBe(ANSWER);
    expect(await processOf().answer(REQUEST, produce)).toBe(ANSWER);
    expect(await processOf().answer({ ...REQUEST, params: { CallSid: 'CA1', Digits: '2' } }, produce)).toBe(
      ANSWER,
    );
    expect(runs).toBe(2);
    expect(await ctx.redis.keys(`${keyPrefix}twilio-answer:*`)).toHaveLength(2);
  });
});
