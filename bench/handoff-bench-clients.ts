/** Minimal web chat and console socket clients for the handoff benchmark (no test helpers in benches). */
import WebSocket from 'ws';

/** A frame with a type, as both sockets send them. */
export interface Frame {
  type: string;
  [key: string]: unknown;
}

/** A socket that hands every frame to the current listeners. */
export class FrameSocket {
  private readonly listeners = new Set<(frame: Frame) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      for (const listener of this.listeners) listener(frame);
    });
  }

  /** Opens a socket and waits for it to be open. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<FrameSocket> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new FrameSocket(socket);
  }

  /** Resolves with the first frame (from now on) that matches. */
  next(match: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error('timed out waiting for a frame'));
      }, timeoutMs);
      const listener = (frame: Frame) => {
        if (!match(frame)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(frame);
      };
      this.listeners.add(listener);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.close();
  }
}

/** A web chat customer: a session over HTTP, then the socket after `hello`. */
export async function openCustomer(
  baseUrl: string,
): Promise<{ socket: FrameSocket; conversationId: string }> {
  const res = await fetch(`${baseUrl}/webchat/session`, { method: 'POST' });
  const session = (await res.json()) as { token: string; conversationId: string };
  const socket = await FrameSocket.open(`${baseUrl.replace(/^http/, 'ws')}/webchat/socket`);
  const ready = socket.next((f) => f.type === 'ready');
  socket.send({ type: 'hello', token: session.token });
  await ready;
  return { socket, conversationId: session.conversationId };
}

/** Logs a console agent in; resolves with the session cookie. */
export async function loginCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: HTTP ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Calls the console API as a logged-in agent. */
export async function consoleCall(
  baseUrl: string,
  cookie: string,
  path: string,
  body: unknown = {},
): Promise<unknown> {
  const res = await fetch(`${baseUrl}/console/api${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}
