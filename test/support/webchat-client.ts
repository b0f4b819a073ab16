import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerFrame, WebChatMessage } from '../../adapters/webchat/protocol';

/** A session as `POST /webchat/session` returns it. */
export interface TestSession {
  token: string;
  userId: string;
  conversationId: string;
}

/** Creates a web chat session over HTTP. */
export async function createSession(baseUrl: string): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/webchat/session`, { method: 'POST' });
  if (res.status !== 201) throw new Error(`session: HTTP ${res.status}`);
  return (await res.json()) as TestSession;
}

/**
 * A scripted web chat client over a real WebSocket: records every frame and lets a test wait for
 * the frames it expects.
 */
export class WebChatTestClient {
  readonly frames: ServerFrame[] = [];
  closeCode: number | undefined;
  private readonly socket: WebSocket;
  private waiters: Array<() => void> = [];

  private constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.notify();
    });
    this.socket.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  /** Opens a socket and sends `hello` (unless `hello: false`). */
  static async connect(wsUrl: string, token: string | undefined, after = 0): Promise<WebChatTestClient> {
    const client = new WebChatTestClient(wsUrl);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    if (token !== undefined) client.sendRaw(JSON.stringify({ type: 'hello', token, after }));
    return client;
  }

  /** Messages received, in order. */
  get messages(): WebChatMessage[] {
    return this.frames.flatMap((f) => (f.type === 'message' ? [f.message] : []));
  }

  sendRaw(data: string): void {
    this.socket.send(data);
  }

  /** Sends a customer message; returns its client id. */
  say(text: string, clientMessageId: string = randomUUID()): string {
    this.sendRaw(JSON.stringify({ type: 'message', clientMessageId, text }));
    return clientMessageId;
  }

  /** Waits until `predicate` holds on the frames received so far. */
  async waitFor(predicate: (client: WebChatTestClient) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the `n`-th bot message (1-based) and returns it. */
  async botMessage(n: number): Promise<WebChatMessage> {
    await this.waitFor((c) => c.messages.filter((m) => m.from !== 'customer').length >= n);
    return this.messages.filter((m) => m.from !== 'customer')[n - 1] as WebChatMessage;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
