import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CLOSE_CODES, type ConnectionDeps, WebChatConnection } from './socket-connection';

/** The socket path of the web chat. */
export const WEBCHAT_SOCKET_PATH = '/webchat/socket';
/** Largest frame accepted: a 5,000-character message in UTF-8 plus JSON framing fits easily. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** A client has this long after connecting to authenticate. */
export const DEFAULT_HELLO_TIMEOUT_MS = 5000;

/**
 * Accepts web chat WebSockets on the server's own HTTP port (no extra port, no express on the hot
 * path) and tracks the connections so shutdown can close them with 1012 ("service restart"),
 * which tells the widget to reconnect, possibly to another process.
 */
export class WebChatSocketHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<WebChatConnection>();

  constructor(
    private readonly deps: ConnectionDeps,
    /** Abuse limits for the turns of one socket, given its upgrade request (client IP). */
    private readonly limitsFor?: (request: IncomingMessage) => ConnectionDeps['limitTurn'],
  ) {}

  /** Handles an HTTP upgrade already routed to {@link WEBCHAT_SOCKET_PATH}. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const limitTurn = this.limitsFor?.(request);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new WebChatConnection(ws, { ...this.deps, limitTurn });
      this.connections.add(connection);
      ws.on('close', () => this.connections.delete(connection));
    });
  }

  /** Number of open sockets. */
  get size(): number {
    return this.connections.size;
  }

  /** Closes every socket with "service restart" and stops accepting new ones. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.close(CLOSE_CODES.restarting, 'server restarting');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
