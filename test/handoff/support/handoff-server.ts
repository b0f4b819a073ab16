import WebSocket from 'ws';
import { MemoryTranscriptStore } from '../../../src/analytics/transcript-store';
import { loadConfig } from '../../../src/config/load-config';
import type { ConfigInput } from '../../../src/config/schema';
import type { AgentAssist } from '../../../src/console/console-api';
import type { ConsoleServerFrame } from '../../../src/console/console-protocol';
import { DEMO_PASSWORDS } from '../../../src/console/demo-agents';
import { createDemoServer } from '../../../src/demo/create-demo-server';
import type { AgentDirectory } from '../../../src/handoff/agents';
import { createSilentLogger } from '../../../src/logging/logger';
import type { SwitchboardServer } from '../../../src/server/switchboard-server';
import type { StateServices } from '../../../src/state/ports';
import { createStateServices } from '../../../src/state/state-services';
import { stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';

/** A demo server with handoff on, for the end-to-end tests. */
export interface HandoffTestServer {
  server: SwitchboardServer;
  state: StateServices;
  transcripts: MemoryTranscriptStore;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Options of {@link startHandoffServer}. */
export interface HandoffTestServerOptions {
  redisUrl?: string;
  keyPrefix?: string;
  handoff?: ConfigInput['handoff'];
  /** Agent assist for the console (e.g. `agentAssistOf(retriever)`); none: the panel says so. */
  assist?: AgentAssist;
  /** Who may log in (default: the demo agents). */
  directory?: AgentDirectory;
}

/** Starts the demo server with the stub intents and short handoff timings, on a free port. */
export async function startHandoffServer(options: HandoffTestServerOptions = {}): Promise<HandoffTestServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      redisUrl: options.redisUrl,
      turnLock: { waitMs: 5_000, ttlMs: 10_000 },
      handoff: { positionUpdateIntervalMs: 200, ...options.handoff },
    },
  });
  const state = createStateServices({ redisUrl: options.redisUrl, keyPrefix: options.keyPrefix });
  const transcripts = new MemoryTranscriptStore();
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state,
    transcripts,
    readIntent: stubIntentReader(),
    // Analytics in memory: tests never share the demo's .data/analytics.sqlite.
    analytics: { sqlitePath: ':memory:' },
    handoff: {
      keyPrefix: options.keyPrefix,
      ...(options.assist && { assist: options.assist }),
      ...(options.directory && { directory: options.directory }),
    },
  });
  const port = await server.start();
  return {
    server,
    state,
    transcripts,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}

/** A logged-in agent: the session cookie and an API caller. */
export interface ConsoleAgent {
  cookie: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

/** Logs a demo agent in over HTTP. */
export async function loginAgent(baseUrl: string, username: string): Promise<ConsoleAgent> {
  const res = await fetch(`${baseUrl}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORDS[username] }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    cookie,
    call: async (method, path, body) => {
      const headers: Record<string, string> = { cookie };
      if (method !== 'GET') headers['content-type'] = 'application/json';
      const r = await fetch(`${baseUrl}/console/api${path}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : {} };
    },
  };
}

/** An agent's console socket, recording frames. */
export class ConsoleSocketClient {
  readonly frames: ConsoleServerFrame[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as ConsoleServerFrame));
  }

  /** Connects with the agent's cookie; resolves after the `ready` frame. */
  static async connect(wsUrl: string, cookie: string): Promise<ConsoleSocketClient> {
    const client = new ConsoleSocketClient(new WebSocket(`${wsUrl}/console/socket`, { headers: { cookie } }));
    await client.waitFor((f) => f.type === 'ready');
    return client;
  }

  /** Waits for a frame matching `predicate` (already received or future) and returns it. */
  async waitFor(
    predicate: (frame: ConsoleServerFrame) => boolean,
    timeoutMs = 5_000,
  ): Promise<ConsoleServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
