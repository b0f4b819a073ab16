/**
 * Fuzz: at least 10,000 random and malformed requests (methods, traversal paths, headers, huge,
 * garbled, binary and non-UTF-8 bodies, wrong content types, JSON bombs, valid-looking and valid
 * signatures) against every public endpoint of a real demo server (its own process) on loopback, plus raw malformed
 * HTTP and WebSocket frames. No answer may be a 5xx, and afterwards the process must still answer
 * /healthz and run a turn. Seeded (FUZZ_SEED, printed) and bounded in time (FUZZ_BUDGET_MS).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { WebChatTokenService } from '../../adapters/webchat/session-token';
import { TEST_TOKEN_SECRET } from '../support/test-server';
import { type FuzzRequest, FuzzRequestFactory, seededRandom } from './fuzz-requests';

/** At least this many requests (the issue's bar); CI fails when the time budget cut them short. */
const TARGET_REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
/** Stop early after this long: two loaded cores reach 10,000 well within it. */
const BUDGET_MS = Number(process.env['FUZZ_BUDGET_MS'] ?? 90_000);
/** Requests in flight: enough to keep the server process busy, few enough to leave the client a core. */
const CONCURRENCY = 16;
/** One in this many requests is raw, malformed HTTP on a fresh socket. */
const RAW_EVERY = 50;
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

jest.setTimeout(BUDGET_MS + 60_000);

interface Outcome {
  status: number;
  method: string;
  path: string;
  request?: { headers: Record<string, string>; body: string };
}

/** The demo deployment in a child process (test/security/fuzz-server.ts). */
interface FuzzTarget {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** Set when the server process exited before the test ended it (a crash). */
  exitCode: number | null | undefined;
}

let t: FuzzTarget;
beforeAll(async () => {
  t = await startFuzzTarget();
});
afterAll(async () => {
  const exited = new Promise((resolve) => t.child.once('exit', resolve));
  t.child.stdin?.end();
  await exited;
});

async function startFuzzTarget(): Promise<FuzzTarget> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/security/fuzz-server.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const target = { child, port: 0, baseUrl: '', exitCode: undefined as number | null | undefined };
  child.once('exit', (code) => {
    target.exitCode = code;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /\{"port":(\d+)\}/.exec(out);
      if (line) resolve(Number(line[1]));
    });
    child.once('exit', (code) => reject(new Error(`fuzz server exited with ${code} before listening`)));
  });
  return Object.assign(target, { port, baseUrl: `http://127.0.0.1:${port}` });
}

function send(agent: Agent, port: number, fuzz: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    let req: ReturnType<typeof request>;
    try {
      req = request({
        host: '127.0.0.1',
        port,
        agent,
        method: fuzz.method,
        path: fuzz.path,
        headers: fuzz.headers,
      });
    } catch {
      return resolve(-1); // the client refused to build it (invalid header characters): not sent
    }
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('response', (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    // A reset after a refusal (413 closes the connection) is an answer, not a crash.
    req.on('error', () => resolve(0));
    req.end(fuzz.body);
  });
}

const RAW_REQUESTS = [
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /webchat/session HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'GARBAGE\r\n\r\n',
  'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
  `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  'GET / HTTP/1.1\r\nHost: x\r\nX: \u0001\r\n\r\n',
  'POST /twilio/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\na',
];

function sendRaw(port: number, payload: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.end(Buffer.from(payload, 'latin1'));
  });
}

/** A few sockets with garbage, binary, oversized and well-formed-but-wrong frames. */
async function fuzzSockets(port: number, random: () => number): Promise<void> {
  const token = new WebChatTokenService({ secrets: [TEST_TOKEN_SECRET], ttlMs: 60_000 }).issueNew().token;
  const frames: Array<string | Buffer> = [
    'not json',
    Buffer.from([0xff, 0x00, 0xfe]),
    JSON.stringify({ type: 'hello', token: 'a.b' }),
    JSON.stringify({ type: 'hello', token, after: -1 }),
    JSON.stringify({ type: 'hello', token }),
    JSON.stringify({ type: 'message', text: 'hello', clientMessageId: 'x' }),
    JSON.stringify({ type: 'message', text: 'x'.repeat(6000), clientMessageId: 'x' }),
    JSON.stringify({ type: 'reply', id: 'x', handoffId: 'h-0', text: 'hi' }),
    JSON.stringify({ type: 'ping' }),
    'x'.repeat(70 * 1024),
    `${'['.repeat(50_000)}`,
  ];
  for (const path of ['/webchat/socket', '/console/socket', '/webchat/socket', '/nope']) {
    await new Promise<void>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
      const done = () => resolve();
      socket.on('error', done);
      socket.on('close', done);
      socket.on('unexpected-response', (_req, res) => {
        expect(res.statusCode ?? 0).toBeLessThan(500);
        done();
      });
      socket.on('open', () => {
        for (let i = 0; i < 12; i++)
          socket.send(frames[Math.floor(random() * frames.length)] as string | Buffer);
        setTimeout(() => socket.close(), 200);
      });
    });
  }
}

test('no 5xx for random and malformed requests; the process still answers and runs turns', async () => {
  console.log(
    `fuzz seed ${SEED} (rerun with FUZZ_SEED=${SEED}); target ${TARGET_REQUESTS}, budget ${BUDGET_MS} ms`,
  );
  const random = seededRandom(SEED);
  const factory = new FuzzRequestFactory(random);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const started = Date.now();
  const outcomes: Outcome[] = [];
  let sent = 0;
  let skipped = 0;
  const worker = async () => {
    while (sent < TARGET_REQUESTS && Date.now() - started < BUDGET_MS) {
      const n = sent++;
      if (n % RAW_EVERY === 0) {
        const payload = RAW_REQUESTS[n % RAW_REQUESTS.length] as string;
        outcomes.push({ status: await sendRaw(t.port, payload), method: 'RAW', path: payload.slice(0, 40) });
        continue;
      }
      const fuzz = factory.next();
      const status = await send(agent, t.port, fuzz);
      if (status === -1) skipped++;
      const outcome: Outcome = { status, method: fuzz.method, path: fuzz.path.slice(0, 120) };
      // A server error carries the request itself, so the report says what to reproduce.
      if (status >= 500)
        outcome.request = { headers: fuzz.headers, body: fuzz.body.subarray(0, 400).toString('latin1') };
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await fuzzSockets(t.port, random);
  agent.destroy();
  const elapsedMs = Date.now() - started;
  const byStatus = new Map<number, number>();
  for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
  console.log(
    `fuzz: ${outcomes.length - skipped} requests in ${elapsedMs} ms (${skipped} not buildable by the client); statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}`,
  );

  const serverErrors = outcomes.filter((o) => o.status >= 500);
  expect(serverErrors.slice(0, 20)).toEqual([]);
  if (process.env['CI'] || process.env['SWITCHBOARD_REQUIRE_SERVICES'] === '1')
    expect(outcomes.length - skipped).toBeGreaterThanOrEqual(TARGET_REQUESTS - skipped);

  // Still alive (the process never exited), and a customer's turn still works end to end.
  expect(t.exitCode).toBeUndefined();
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  const session = (await (await fetch(`${t.baseUrl}/webchat/session`, { method: 'POST' })).json()) as {
    token: string;
  };
  const turn = await fetch(`${t.baseUrl}/webchat/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'hello', clientMessageId: 'after-fuzz' }),
  });
  expect(turn.status).toBe(200);
  const { messages } = (await turn.json()) as { messages: unknown[] };
  expect(messages.length).toBeGreaterThan(0);
});
