/** The console's HTTP API and live socket. */

/** An API failure with the server's stable code. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the JSON API; resolves with the body (undefined for 204) or rejects with ApiError. */
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (method !== 'GET') {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(`/console/api${path}`, init);
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(res.status, data.code ?? 'SWB_ERR_INTERNAL', data.message ?? `HTTP ${res.status}`);
  return data;
}

/** Pings keep the agent present and the connection alive through proxies. */
const PING_INTERVAL_MS = 20_000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;

/**
 * The live socket: reconnects with backoff, pings, and hands every frame to `onFrame`.
 * `onState` hears 'live', 'connecting' and 'unauthorized'.
 */
export class LiveSocket {
  constructor(onFrame, onState) {
    this.onFrame = onFrame;
    this.onState = onState;
    this.backoff = BACKOFF_MIN_MS;
    this.stopped = false;
    this.socket = undefined;
    this.pinger = undefined;
  }

  connect() {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/console/socket`;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.onState('connecting');
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(event));
  }

  /** Sends a frame; false when the socket is not open. */
  send(frame) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  stop() {
    this.stopped = true;
    clearInterval(this.pinger);
    this.socket?.close(1000, 'logout');
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      this.backoff = BACKOFF_MIN_MS;
      this.onState('live');
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
    }
    this.onFrame(frame);
  }

  closed(event) {
    clearInterval(this.pinger);
    if (this.stopped) return;
    // A refused upgrade (expired session) also lands here: the page's next API call finds the 401.
    this.onState(event.code === 1012 ? 'restarting' : 'connecting');
    const delay = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    setTimeout(() => this.connect(), delay);
  }
}
