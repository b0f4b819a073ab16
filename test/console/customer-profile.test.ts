/**
 * Issue #9, customer profile: a customer identified on web chat, then texting from the phone on
 * their account, is greeted by SMS with what the bot knows of them; agents who may see the
 * handoff get the profile (linked identities, conversations on both channels) in the console API,
 * others get 403, nobody without a session; each profile shown is audited.
 */

import type { HttpCustomer } from '../analytics/support/analytics-server';
import { waitUntil } from '../analytics/support/wait';
import { type ConsoleAgent, loginAgent } from '../handoff/support/handoff-server';
import {
  identifiedWebCustomer,
  MARIA_PHONE,
  type ProfileTestServer,
  startProfileServer,
} from './support/customer-profile-server';

interface ProfileBody {
  available: boolean;
  profile: null | {
    customerId: string;
    name: string | null;
    identities: Array<{ channelId: string; userId: string }>;
    conversations: Array<{ conversationId: string; channelId: string; history?: Array<{ text: string }> }>;
  };
}

async function waitingHandoff(agent: ConsoleAgent, skill: string): Promise<string> {
  const state = await agent.call<{ queues: Array<{ skill: string; waiting: Array<{ handoffId: string }> }> }>(
    'GET',
    '/state',
  );
  const waiting = state.body.queues.find((q) => q.skill === skill)?.waiting ?? [];
  return (waiting.at(-1) as { handoffId: string }).handoffId;
}

describe('customer profile across channels (analytics on)', () => {
  let t: ProfileTestServer;
  let web: HttpCustomer;
  let smsGreeting: string[];

  beforeAll(async () => {
    t = await startProfileServer();
    web = await identifiedWebCustomer(t.baseUrl);
    // The greeting reads what analytics stored: wait until the web chat conversation is written.
    await waitUntil(async () => (await profileOf('bob'))?.profile?.conversations.length === 1);
    smsGreeting = await t.text(MARIA_PHONE, 'hello');
  }, 60_000);
  afterAll(() => t?.close());

  async function profileOf(username: string): Promise<ProfileBody | undefined> {
    const agent = await loginAgent(t.baseUrl, username);
    const id = await waitingHandoff(agent, 'cards');
    const res = await agent.call<ProfileBody>('GET', `/handoffs/${id}/customer`);
    return res.status === 200 ? res.body : undefined;
  }

  test('the SMS greeting of the returning customer uses the web chat history', () => {
    expect(smsGreeting).toEqual([
      'Welcome back, Maria. I see you contacted us on web chat today. How can I help today?',
    ]);
  });

  test('an agent serving the queue sees the linked identities and conversations on both channels', async () => {
    const bob = await loginAgent(t.baseUrl, 'bob');
    const id = await waitingHandoff(bob, 'cards');
    // The SMS identification is written by the background flush.
    await waitUntil(async () => (await profileOf('bob'))?.profile?.identities.length === 2);
    const res = await bob.call<ProfileBody>('GET', `/handoffs/${id}/customer`);
    expect(res.status).toBe(200);
    const profile = res.body.profile;
    expect(res.body.available).toBe(true);
    expect(profile?.customerId).toBe('cust-1001');
    expect(profile?.name).toBe('Maria');
    expect(profile?.identities).toEqual(
      expect.arrayContaining([
        { channelId: 'webchat', userId: web.userId },
        { channelId: 'sms', userId: MARIA_PHONE },
      ]),
    );
    expect(profile?.conversations.map((c) => c.channelId).sort()).toEqual(['sms', 'webchat']);
    const sms = profile?.conversations.find((c) => c.channelId === 'sms');
    expect(sms?.history?.map((l) => l.text)).toEqual(
      expect.arrayContaining([
        'Welcome back, Maria. I see you contacted us on web chat today. How can I help today?',
      ]),
    );
    const views = await t.audit.list({ action: 'transcript-view' });
    expect(
      views.some((v) => v.actor === 'bob' && v.target === id && v.details?.['view'] === 'customer-profile'),
    ).toBe(true);
  });

  test('an agent without the queue gets 403, and no session gets 401', async () => {
    const bob = await loginAgent(t.baseUrl, 'bob');
    const id = await waitingHandoff(bob, 'cards');
    const alice = await loginAgent(t.baseUrl, 'alice');
    const denied = await alice.call<{ code: string }>('GET', `/handoffs/${id}/customer`);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('SWB_ERR_CONSOLE_FORBIDDEN');
    expect((await fetch(`${t.baseUrl}/console/api/handoffs/${id}/customer`)).status).toBe(401);
  });
});

describe('customer profile with analytics off', () => {
  let t: ProfileTestServer;
  beforeAll(async () => {
    t = await startProfileServer({ analytics: false });
  }, 60_000);
  afterAll(() => t?.close());

  test('the route answers available: false, and the SMS greeting is the plain one', async () => {
    await identifiedWebCustomer(t.baseUrl);
    const bob = await loginAgent(t.baseUrl, 'bob');
    const res = await bob.call<ProfileBody>(
      'GET',
      `/handoffs/${await waitingHandoff(bob, 'cards')}/customer`,
    );
    expect(res).toEqual({ status: 200, body: { available: false, profile: null } });
    expect(await t.text(MARIA_PHONE, 'hello')).toEqual(['Hello! How can I help you today?']);
  });
});
