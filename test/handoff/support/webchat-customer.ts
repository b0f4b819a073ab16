import type { WebChatMessage } from '../../../adapters/webchat/protocol';
import { createSession, WebChatTestClient } from '../../support/webchat-client';
import type { HandoffTestServer } from './handoff-server';

/** A web chat customer of a handoff test server, on a real socket, past the welcome. */
export interface WebChatCustomer {
  client: WebChatTestClient;
  conversationId: string;
  /** Messages not from the customer, in order. */
  received(): WebChatMessage[];
  /** Waits for the next message (not from the customer) after the `n` already seen. */
  next(n: number): Promise<WebChatMessage>;
  /** Says `text` and resolves with the first message (not from the customer) that follows it. */
  say(text: string): Promise<WebChatMessage>;
}

/** Opens a session and a socket on `t`, starts the conversation and waits for the welcome. */
export async function connectWebChatCustomer(t: HandoffTestServer): Promise<WebChatCustomer> {
  const session = await createSession(t.baseUrl);
  const client = await WebChatTestClient.connect(`${t.wsUrl}/webchat/socket`, session.token);
  const received = () => client.messages.filter((m) => m.from !== 'customer');
  client.sendRaw(JSON.stringify({ type: 'start' }));
  await client.waitFor(() => received().length >= 1);
  const next = async (n: number) => {
    await client.waitFor(() => received().length > n);
    return received()[n] as WebChatMessage;
  };
  return {
    client,
    conversationId: session.conversationId,
    received,
    next,
    say: (text) => {
      const seen = received().length;
      client.say(text);
      return next(seen);
    },
  };
}
