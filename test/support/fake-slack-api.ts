import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One request the fake received. */
export interface FakeSlackCall {
  method: string;
  /** The parameters, JSON fields (`blocks`) decoded. */
  params: Record<string, unknown>;
  /** The bearer token used. */
  token: string | undefined;
  /** HTTP status answered and whether the body said `ok`. */
  status: number;
  ok: boolean;
  /** The body answered (e.g. `ts` of a posted message). */
  response: Record<string, unknown>;
}

/** Who the bot is, as `auth.test` reports it. */
export interface FakeSlackIdentity {
  teamId: string;
  botUserId: string;
  botId: string;
}

interface Fault {
  method?: string;
  remaining: number;
  answer: (res: ServerResponse) => void;
}

/** Default identity of the fake workspace's bot. */
export const FAKE_SLACK_IDENTITY: FakeSlackIdentity = {
  teamId: 'T0FAKE',
  botUserId: 'U0BOT',
  botId: 'B0BOT',
};

/** Polling step of {@link FakeSlackApi.waitFor}. */
const POLL_MS = 10;

/**
 * A local stand-in for Slack's Web API (point `SLACK_API_URL` at {@link FakeSlackApi.url}): answers
 * `auth.test`, `chat.postMessage`, `chat.update`, `chat.delete`, `chat.postEphemeral` and
 * `apps.connections.open` with realistic payloads, records every call, and can be told to
 * rate-limit (429 + `Retry-After`) or fail (`invalid_auth`, …) the next N calls. It can also play
 * Slack's side of Socket Mode.
 */
export class FakeSlackApi {
  readonly calls: FakeSlackCall[] = [];
  private readonly server: Server;
  private readonly faults: Fault[] = [];
  private sockets: WebSocketServer | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private seq = 0;

  constructor(readonly identity: FakeSlackIdentity = FAKE_SLACK_IDENTITY) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening on 127.0.0.1 (free port). */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The Web API base URL, with its trailing slash. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** Successful calls of one method (optionally to one channel), in order. */
  succeeded(method: string, channel?: string): FakeSlackCall[] {
    return this.calls.filter(
      (c) => c.method === method && c.ok && (channel === undefined || c.params['channel'] === channel),
    );
  }

  /** The next `times` calls (of `method`, or any) answer 429 with `Retry-After: retryAfterS`. */
  rateLimit(times: number, retryAfterS: number, method?: string): void {
    this.faults.push({
      method,
      remaining: times,
      answer: (res) =>
        reply(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterS) }),
    });
  }

  /** The next `times` calls (of `method`, or any) answer `{ ok: false, error }` with HTTP 200, as Slack does. */
  failWith(error: string, times = Number.POSITIVE_INFINITY, method?: string): void {
    this.faults.push({ method, remaining: times, answer: (res) => reply(res, 200, { ok: false, error }) });
  }

  /** The next `times` calls (of `method`, or any) answer HTTP `status` (a 5xx outage) with no Slack body. */
  serverError(times: number, status = 500, method?: string): void {
    this.faults.push({ method, remaining: times, answer: (res) => reply(res, status, { ok: false }) });
  }

  /** Clears every pending fault. */
  heal(): void {
    this.faults.length = 0;
  }

  /** Resolves when `predicate` holds (checked every 10 ms); rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`FakeSlackApi.waitFor timed out after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Sends a Socket Mode envelope to every connected client (`events_api` or `interactive`) and
   * resolves with the client's acknowledgement payload.
   */
  sendEnvelope(type: 'events_api' | 'interactive', payload: unknown): Promise<unknown> {
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    const frame = JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: false });
    for (const socket of this.sockets?.clients ?? []) socket.send(frame);
    return acked;
  }

  /** Number of open Socket Mode connections. */
  get socketClients(): number {
    return this.sockets?.clients.size ?? 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets?.clients ?? []) socket.terminate();
    this.sockets?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = new URL(req.url ?? '/', 'http://fake').pathname.replace(/^\/api\//, '');
    const params = parseParams(await readBody(req), req.headers['content-type']);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const fault = this.faults.find((f) => f.remaining > 0 && (f.method === undefined || f.method === method));
    const call: FakeSlackCall = { method, params, token, status: 200, ok: false, response: {} };
    this.calls.push(call);
    if (fault) {
      fault.remaining--;
      fault.answer(res);
      call.status = res.statusCode;
      return;
    }
    const body = this.answer(method, params);
    call.ok = body['ok'] === true;
    call.response = body;
    reply(res, 200, body);
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const { teamId, botUserId, botId } = this.identity;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'switchboard',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const message = {
          type: 'message',
          subtype: 'bot_message',
          text: params['text'],
          user: botUserId,
          bot_id: botId,
          ts,
          blocks: params['blocks'],
          thread_ts: params['thread_ts'],
        };
        return { ok: true, channel: params['channel'], ts, message };
      }
      case 'chat.update':
        return {
          ok: true,
          channel: params['channel'],
          ts: params['ts'],
          text: params['text'],
          message: { text: params['text'], blocks: params['blocks'], user: botUserId, bot_id: botId },
        };
      case 'chat.delete':
        return { ok: true, channel: params['channel'], ts: params['ts'] };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'apps.connections.open':
        return { ok: true, url: this.openSocketServer() };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private nextTs(): string {
    this.seq++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private openSocketServer(): string {
    if (!this.sockets) {
      const sockets = new WebSocketServer({ server: this.server, path: '/link' });
      sockets.on('connection', (socket: WebSocket) => {
        socket.on('message', (data) => this.onSocketMessage(String(data)));
        socket.send(
          JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKE' } }),
        );
      });
      this.sockets = sockets;
    }
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  private onSocketMessage(data: string): void {
    const message = JSON.parse(data) as { envelope_id?: string; payload?: unknown };
    const resolve = message.envelope_id ? this.acks.get(message.envelope_id) : undefined;
    if (message.envelope_id) this.acks.delete(message.envelope_id);
    resolve?.(message.payload);
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends form-encoded parameters with objects as JSON strings; JSON bodies too. */
function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    params[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return params;
}
