import { inputActivity } from '../../../adapters/twilio-voice/mapping';
import { VoiceChannel } from '../../../adapters/twilio-voice/voice-channel';
import { createSilentLogger } from '../../../src/logging/logger';
import { createStateServices } from '../../../src/state/state-services';
import { runChannelAdapterSuite } from '../../conformance/channel-adapter-suite';
import { startFakeTwilioApi } from '../../support/fake-twilio-api';
import {
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from '../twilio-sms/twilio-test-server';
import { saysOf } from './twiml-xml';

/**
 * Voice delivers at two boundaries: a turn's replies are the TwiML answer of its webhook (the
 * `<Say>`s of the buffered replies), and proactive messages are `calls(sid).update({ twiml })`
 * calls, read back from the fake REST API.
 */
runChannelAdapterSuite('voice', async () => {
  const state = createStateServices({});
  const api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const channel = new VoiceChannel(
    {
      accountSid: TEST_ACCOUNT_SID,
      authToken: TEST_AUTH_TOKEN,
      phoneNumber: OUR_NUMBER,
      publicBaseUrl: PUBLIC_BASE_URL,
      apiBaseUrl: api.baseUrl,
    },
    { state, logger: createSilentLogger() },
  );
  const adapter = channel.adapter;
  const answered = new Map<string, string[]>();
  const processActivity = adapter.processActivity.bind(adapter);
  // The webhook's answer for a turn: what the caller hears.
  adapter.processActivity = async (activity, logic, options) => {
    const replies = await processActivity(activity, logic, options);
    const id = activity.conversation?.id ?? '';
    answered.set(id, [...(answered.get(id) ?? []), ...saysOf(adapter.twimlFor(replies))]);
    return replies;
  };
  const mapping = {
    serviceUrl: PUBLIC_BASE_URL,
    language: 'en-US',
    humanRequestText: 'Talk to a person',
    minConfidence: 0.5,
  };
  return {
    adapter,
    inbound: (text, conversationId) =>
      inputActivity(
        { callSid: conversationId, customer: '+15558880001', ourNumber: OUR_NUMBER },
        { kind: 'speech', text },
        mapping,
      ),
    delivered: async (conversationId) => [
      ...(answered.get(conversationId) ?? []),
      ...api.requests
        .filter((r) => r.kind === 'call-update' && r.sid === conversationId)
        .flatMap((r) => saysOf(r.params['Twiml'] ?? '')),
    ],
    cleanup: async () => {
      await api.close();
      await state.close();
    },
  };
});
