/** A simulated caller and Twilio's side of a queued call: signed webhooks, parsed TwiML answers. */
import type { RecordedRequest } from '../../support/fake-twilio-api';
import { fakeSid, OUR_NUMBER, TEST_ACCOUNT_SID } from '../twilio-sms/twilio-test-server';
import { findAll, findOne, parseXml, textOf, type XmlElement } from './twiml-xml';
import type { VoiceHandoffTestServer } from './voice-handoff-server';

let callerCount = 0;

/** What a caller needs of a server: signed posting, and the fake API it calls. */
export type CallerServer = Pick<VoiceHandoffTestServer, 'post' | 'api'>;

/** One inbound call, posting what Twilio would post for it. */
export class VoiceCaller {
  readonly sid: string = fakeSid('CA');
  readonly number: string;

  constructor(protected readonly t: CallerServer) {
    callerCount += 1;
    this.number = `+1555888${String(callerCount).padStart(4, '0')}`;
  }

  /** The standard parameters of this call's webhooks. */
  params(extra: Record<string, string> = {}): Record<string, string> {
    return {
      CallSid: this.sid,
      AccountSid: TEST_ACCOUNT_SID,
      From: this.number,
      To: OUR_NUMBER,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ...extra,
    };
  }

  /** Posts a signed webhook and parses its TwiML answer (which must be 200 text/xml). */
  async twiml(path: string, extra: Record<string, string> = {}): Promise<XmlElement> {
    const response = await this.t.post(path, this.params(extra));
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/xml/);
    return parseXml(response.body);
  }

  answer = () => this.twiml('/twilio/voice', { CallStatus: 'ringing' });
  say = (speech: string) => this.twiml('/twilio/voice/gather', { SpeechResult: speech, Confidence: '0.93' });
  press = (digits: string) => this.twiml('/twilio/voice/gather', { Digits: digits });
  /** Twilio fetching the wait URL while the caller is queued. */
  wait = (extra: Record<string, string> = {}) =>
    this.twiml('/twilio/voice/wait', {
      QueueSid: fakeSid('QU'),
      QueueTime: '12',
      CurrentQueueSize: '1',
      ...extra,
    });
  /** The Enqueue action: the caller left the queue. */
  leftQueue = (result: string, callStatus = 'in-progress') =>
    this.twiml('/twilio/voice/queue-result', {
      QueueResult: result,
      CallStatus: callStatus,
      QueueTime: '30',
    });
  /** The `<Queue url>` Twilio fetches for the caller just before bridging the agent's call. */
  connect = (agentCallSid: string) =>
    this.twiml('/twilio/voice/connect', { DequeingCallSid: agentCallSid, QueueTime: '31' });
  /** Escalates from a fresh call: answer, then ask for a person; returns the queue name. */
  async escalate(): Promise<{ queue: string; doc: XmlElement }> {
    await this.answer();
    const doc = await this.say('talk to a person');
    return { queue: textOf(findOne(doc, 'Enqueue')), doc };
  }

  /** The `calls(sid).update` requests the fake API recorded for this call. */
  updates(): RecordedRequest[] {
    return this.t.api.requests.filter((r) => r.kind === 'call-update' && r.sid === this.sid);
  }
}

/** The same call, with Twilio's webhooks reaching another process of the deployment. */
export class VoiceCallerOn extends VoiceCaller {
  override readonly sid: string;
  override readonly number: string;

  constructor(t: CallerServer, call: VoiceCaller) {
    super(t);
    this.sid = call.sid;
    this.number = call.number;
  }
}

/** The `<Say>` texts of a TwiML document. */
export function saysIn(doc: XmlElement): string[] {
  return findAll(doc, 'Say').map(textOf);
}

/** The parsed TwiML a REST request carried (`Twiml` parameter). */
export function twimlOf(request: RecordedRequest): XmlElement {
  return parseXml(request.params['Twiml'] ?? '');
}
