/**
 * The customer admin API as the demo deployment mounts it: beside the agent console, behind its
 * session and the admin role. A web chat customer chats and waits for a person; an admin erases them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/handoff/password';
import { type HandoffTestServer, startHandoffServer } from '../handoff/support/handoff-server';
import { createSession, WebChatTestClient } from '../support/webchat-client';

const CHEAP_SCRYPT = { logN: 10, r: 8, p: 1 };
const PATH = '/console/api/admin/customers';

let t: HandoffTestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'swb-admin-'));
  const agents = [
    { id: 'root', name: 'Root', skills: ['general'], role: 'admin', password: 'root-password-1' },
    { id: 'sam', name: 'Sam', skills: ['general'], role: 'supervisor', password: 'sam-password-1' },
  ];
  const file = join(dir, 'agents.json');
  const accounts = await Promise.all(
    agents.map(async ({ password, ...a }) => ({
      ...a,
      passwordHash: await hashPassword(password, CHEAP_SCRYPT),
    })),
  );
  writeFileSync(file, JSON.stringify({ agents: accounts }));
  t = await startHandoffServer({ handoff: { agentsFile: file } });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function post(action: string, body: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers['cookie'] = cookie;
  return fetch(`${t.baseUrl}${PATH}/${action}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

test('without a session 401, with a supervisor 403, with an admin the customer is exported then erased', async () => {
  const session = await createSession(t.baseUrl);
  const client = await WebChatTestClient.connect(`${t.wsUrl}/webchat/socket`, session.token);
  try {
    client.say('talk to a person');
    await client.waitFor((c) => c.messages.some((m) => m.text.startsWith('Connecting you to a person')));
  } finally {
    await client.close();
  }
  const ids = [`webchat:${session.userId}`];

  expect((await post('erase', { ids })).status).toBe(401);
  expect((await post('erase', { ids }, await login('sam', 'sam-password-1'))).status).toBe(403);

  const admin = await login('root', 'root-password-1');
  const exported = await post('export', { ids }, admin);
  expect(exported.status).toBe(200);
  const body = (await exported.json()) as {
    conversationIds: string[];
    sources: Array<{ source: string; records: unknown[] }>;
  };
  expect(body.conversationIds).toContain(session.conversationId);
  const count = (name: string) => body.sources.find((s) => s.source === name)?.records.length ?? 0;
  expect(count('transcripts')).toBeGreaterThan(0);
  expect(count('handoffs')).toBe(1);
  expect(count('bot-state')).toBeGreaterThan(0);

  const erased = await post('erase', { ids }, admin);
  expect(erased.status).toBe(200);
  expect(await t.transcripts.list(session.conversationId)).toEqual([]);
  expect(
    await t.server.references.get('webchat', session.conversationId).catch((e: { code: string }) => e.code),
  ).toBe('SWB_ERR_UNKNOWN_CONVERSATION');
  const again = (await (await post('export', { ids }, admin)).json()) as typeof body;
  expect(again.sources.every((s) => s.records.length === 0)).toBe(true);
});
