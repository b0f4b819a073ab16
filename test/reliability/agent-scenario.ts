/**
 * An agent console disconnecting mid-chat: a web chat customer asks for a person; an agent logs in
 * on one web process, holds the console socket on the other and picks the conversation; the socket
 * drops mid-chat and reconnects to the other process while the customer keeps writing. Every
 * customer message must reach the agent exactly once and in order (the handoff's transcript, read
 * after the chat), and the agent's reply must reach the customer (the conversation's reply log).
 */
import WebSocket from 'ws';
import { sleep } from './http-client';
import { emptyTally, type Tally } from './tally';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const PICK_DEADLINE_MS = 15_000;
const AGENT_REPLY = 'here is the answer from your agent';
/** How long the transcript may take to show a line (analytics writes are buffered, flushed every second or so). */
const TRANSCRIPT_DEADLINE_MS = 15_000;

type Json = Record<string, unknown>;

interface TranscriptLine {
  role: string;
  text: string;
  /** ISO 8601, so it sorts as text. */
  timestamp: string;
}

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Json };
}

/** A console socket whose customer lines are appended to `seen`. */
function openSocket(baseUrl: string, cookie: string, seen: string[]): Promise<WebSocket> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/console/socket`, { headers: { cookie } });
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; line?: { from: string; text: string } };
    if (frame.type === 'message' && frame.line?.from === 'customer') seen.push(frame.line.text);
  });
  return new Promise((resolve, reject) => {
    socket.once('message', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Picks the next waiting conversation (the escalation may still be on its way into the queue). */
async function pick(baseUrl: string, cookie: string): Promise<string> {
  const deadline = Date.now() + PICK_DEADLINE_MS;
  for (;;) {
    const { body } = await call(`${baseUrl}/console/api/pick`, 'POST', {}, { cookie });
    const handoff = body['handoff'] as { id: string } | null;
    if (handoff) return handoff.id;
    if (Date.now() > deadline)
      throw new Error('no conversation to pick: the escalation did not reach the queue');
    await sleep(200);
  }
}

/** Runs the scenario across the first two web processes of `targets`. */
export async function agentDisconnectScenario(targets: readonly string[]): Promise<Tally> {
  const [a, b] = targets as [string, string];
  const session = (await call(`${a}/webchat/session`, 'POST', {})).body as {
    token: string;
    conversationId: string;
  };
  const auth = { authorization: `Bearer ${session.token}` };
  const say = (base: string, text: string, id: string) =>
    call(`${base}/webchat/messages`, 'POST', { type: 'message', clientMessageId: id, text }, auth);
  await say(a, 'talk to a person', 'escalate');
  const login = await call(`${b}/console/api/login`, 'POST', {
    username: 'alice',
    password: 'alice-demo-password',
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const seen: string[] = [];
  let socket = await openSocket(a, cookie, seen);
  const handoffId = await pick(b, cookie);
  const sent: string[] = [];
  for (const [i, ordinal] of ORDINALS.entries()) {
    if (i === 3) socket.terminate(); // the agent's connection drops mid-chat
    if (i === 6) socket = await openSocket(b, cookie, seen); // and comes back, on the other process
    const text = `${ordinal} question for the agent`;
    sent.push(text);
    await say(i % 2 === 0 ? a : b, text, `to-agent-${i}`);
    await sleep(200);
  }
  await call(`${a}/console/api/handoffs/${handoffId}/messages`, 'POST', { text: AGENT_REPLY }, { cookie });
  const readTranscript = async () =>
    (await call(`${b}/console/api/handoffs/${handoffId}`, 'GET', undefined, { cookie })).body[
      'transcript'
    ] as TranscriptLine[];
  // Transcripts are written through buffers (analytics): wait until every line is visible, or give up.
  let transcript = await readTranscript();
  for (const deadline = Date.now() + TRANSCRIPT_DEADLINE_MS; Date.now() < deadline; ) {
    if (sent.every((text) => transcript.some((line) => line.text === text))) break;
    await sleep(250);
    transcript = await readTranscript();
  }
  const history = (await call(`${a}/webchat/messages?after=0`, 'GET', undefined, auth)).body[
    'messages'
  ] as Array<{
    from: string;
    text: string;
  }>;
  socket.terminate();
  return verdict(
    sent,
    transcript,
    history.some((m) => m.from === 'agent' && m.text.includes(AGENT_REPLY)),
  );
}

function verdict(sent: string[], transcript: TranscriptLine[], replyArrived: boolean): Tally {
  // By timestamp (when each turn ran): the SQL store lists lines in the order its per-process write
  // buffers flushed, so two processes' lines can interleave out of order (reported to analytics).
  const customerLines = transcript
    .filter((line) => line.role === 'customer')
    .sort((x, y) => x.timestamp.localeCompare(y.timestamp))
    .map((line) => line.text);
  const tally = { ...emptyTally(), sent: sent.length + 1 };
  let previous = -1;
  for (const text of sent) {
    const count = customerLines.filter((line) => line === text).length;
    if (count === 0) {
      tally.lost++;
      continue;
    }
    tally.replies++;
    if (count > 1) tally.duplicated++;
    const at = customerLines.indexOf(text);
    if (at < previous) tally.outOfOrder++;
    previous = at;
  }
  if (replyArrived) tally.replies++;
  else tally.lost++;
  return tally;
}
