import { toActivity } from '../../../adapters/twilio-sms/mapping';
import { SmsChannel } from '../../../adapters/twilio-sms/sms-channel';
import { createSilentLogger } from '../../../src/logging/logger';
import { createStateServices } from '../../../src/state/state-services';
import { runChannelAdapterSuite } from '../../conformance/channel-adapter-suite';
import { startFakeTwilioApi } from '../../support/fake-twilio-api';
import {
  fakeSid,
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from './twilio-test-server';

runChannelAdapterSuite('sms', async () => {
  const state = createStateServices({});
  const api = await startFakeTwilioApi({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  const channel = new SmsChannel(
    {
      accountSid: TEST_ACCOUNT_SID,
      authToken: TEST_AUTH_TOKEN,
      phoneNumber: OUR_NUMBER,
      publicBaseUrl: PUBLIC_BASE_URL,
      apiBaseUrl: api.baseUrl,
      restMaxRetries: 0,
    },
    { state, logger: createSilentLogger() },
  );
  // The suite names conversations; each gets its own customer number, read back at the REST boundary.
  const numbers = new Map<string, string>();
  const numberOf = (conversationId: string) => {
    if (!numbers.has(conversationId))
      numbers.set(conversationId, `+1555444${String(numbers.size).padStart(4, '0')}`);
    return numbers.get(conversationId) as string;
  };
  return {
    adapter: channel.adapter,
    inbound: (text, conversationId) => {
      const message = {
        messageSid: fakeSid('SM'),
        from: numberOf(conversationId),
        to: OUR_NUMBER,
        body: text,
        media: [],
      };
      const activity = toActivity(message, PUBLIC_BASE_URL);
      return {
        ...activity,
        conversation: { ...activity.conversation, id: conversationId },
      } as typeof activity;
    },
    delivered: async (conversationId) => api.messagesTo(numberOf(conversationId)),
    cleanup: async () => {
      await api.close();
      await state.close();
    },
  };
});
