/**
 * A fake of Twilio's REST API on 127.0.0.1 for tests: it records `messages.create`, `calls.create`
 * and `calls(sid).update`, answers with realistic JSON (SIDs, statuses), checks Basic auth, and can
 * be switched to fail (500, 429, or a Twilio error code) to test failure paths.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded REST call. */
export interface RecordedRequest {
  kind: 'message' | 'call' | 'call-update';
  /** The call SID of a `call-update`. */
  sid?: string;
  /** Form parameters; repeated ones (MediaUrl) keep every value in `all`. */
  params: Record<string, string>;
  all: Record<string, string[]>;
  /** The SID the fake answered with. */
  createdSid: string;
}

/** A failure the fake answers with instead of succeeding. */
export interface FakeFailure {
  status: number;
  /** Twilio's error code (e.g. 21610: unsubscribed recipient). */
  code?: number;
  /** How many requests fail before the fake recovers; default: all. */
  times?: number;
}

/** Options of {@link startFakeTwilioApi}. */
export interface FakeTwilioApiOptions {
  accountSid: string;
  authToken: string;
}

/** A running fake Twilio REST API. */
export interface FakeTwilioApi {
  /** Use as `TWILIO_API_BASE_URL`. */
  baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Messages sent to `to`, in order (their bodies). */
  messagesTo(to: string): string[];
  /** Waits until `count` requests matching `predicate` were recorded. */
  waitFor(
    count: number,
    predicate?: (r: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest[]>;
  failWith(failure: FakeFailure | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

const API_VERSION = '/2010-04-01';
const POLL_MS = 5;

/** Starts the fake on a free loopback port. */
export async function startFakeTwilioApi(options: FakeTwilioApiOptions): Promise<FakeTwilioApi> {
  const requests: RecordedRequest[] = [];
  let failure: (FakeFailure & { left: number }) | undefined;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    readForm(req)
      .then((all) => {
        if (req.headers.authorization !== expectedAuth) return sendJson(res, errorAnswer(401, 20003));
        if (failure && failure.left > 0) {
          failure.left--;
          return sendJson(res, errorAnswer(failure.status, failure.code));
        }
        sendJson(res, route(req, all, options.accountSid, requests));
      })
      .catch(() => sendJson(res, errorAnswer(400, 21100)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    messagesTo: (to) =>
      requests
        .filter((r) => r.kind === 'message' && r.params['To'] === to)
        .map((r) => r.params['Body'] ?? ''),
    waitFor: (count, predicate = () => true, timeoutMs = 5000) =>
      waitFor(requests, count, predicate, timeoutMs),
    failWith: (next) => {
      failure = next ? { ...next, left: next.times ?? Number.POSITIVE_INFINITY } : undefined;
    },
    reset: () => {
      requests.length = 0;
      failure = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer of the fake. */
interface FakeAnswer {
  status: number;
  body: unknown;
}

function route(
  req: IncomingMessage,
  all: Record<string, string[]>,
  accountSid: string,
  requests: RecordedRequest[],
): FakeAnswer {
  const path = new URL(req.url ?? '/', 'http://fake').pathname;
  const prefix = `${API_VERSION}/Accounts/${accountSid}`;
  const params = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v[0] ?? '']));
  if (req.method !== 'POST' || !path.startsWith(prefix)) return errorAnswer(404, 20404);
  const rest = path.slice(prefix.length);
  if (rest === '/Messages.json') {
    const sid = newSid(all['MediaUrl'] ? 'MM' : 'SM');
    requests.push({ kind: 'message', params, all, createdSid: sid });
    return { status: 201, body: messageJson(sid, accountSid, params) };
  }
  if (rest === '/Calls.json') {
    const sid = newSid('CA');
    requests.push({ kind: 'call', params, all, createdSid: sid });
    return { status: 201, body: callJson(sid, accountSid, params, 'queued') };
  }
  const update = /^\/Calls\/([\w-]+)\.json$/.exec(rest);
  if (!update?.[1]) return errorAnswer(404, 20404);
  requests.push({ kind: 'call-update', sid: update[1], params, all, createdSid: update[1] });
  return { status: 200, body: callJson(update[1], accountSid, params, 'in-progress') };
}

function messageJson(sid: string, accountSid: string, params: Record<string, string>) {
  const now = new Date().toUTCString();
  return {
    sid,
    account_sid: accountSid,
    to: params['To'],
    from: params['From'],
    body: params['Body'] ?? '',
    status: 'queued',
    direction: 'outbound-api',
    num_segments: '1',
    num_media: '0',
    error_code: null,
    error_message: null,
    date_created: now,
    date_updated: now,
    date_sent: null,
    api_version: '2010-04-01',
    uri: `${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`,
  };
}

function callJson(sid: string, accountSid: string, params: Record<string, string>, status: string) {
  return {
    sid,
    account_sid: accountSid,
    to: params['To'] ?? null,
    from: params['From'] ?? null,
    status,
    direction: 'outbound-api',
    api_version: '2010-04-01',
    uri: `${API_VERSION}/Accounts/${accountSid}/Calls/${sid}.json`,
  };
}

function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

function sendJson(res: ServerResponse, answer: FakeAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}

function errorAnswer(status: number, code = 20500): FakeAnswer {
  const body = {
    code,
    message: `Fake Twilio error ${code}`,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  };
  return { status, body };
}

function readForm(req: IncomingMessage): Promise<Record<string, string[]>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const all: Record<string, string[]> = {};
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
        all[k] = [...(all[k] ?? []), v];
      }
      resolve(all);
    });
  });
}

async function waitFor(
  requests: RecordedRequest[],
  count: number,
  predicate: (r: RecordedRequest) => boolean,
  timeoutMs: number,
): Promise<RecordedRequest[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = requests.filter(predicate);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline) {
      throw new Error(`fake Twilio API: expected ${count} matching requests, got ${matching.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
