import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { hasErrorCode } from '../errors';
import type { AgentPresence } from '../handoff/agent-presence';
import type { AgentDirectory, AgentIdentity } from '../handoff/agents';
import { HANDOFF_BUS_CHANNEL, type HandoffBroadcast } from '../handoff/handoff-events';
import type { HandoffService } from '../handoff/handoff-service';
import type { Logger } from '../logging/logger';
import type { SessionRevocations } from '../security/session-revocations';
import type { MessageBus } from '../state/ports';
import { canView, seesAllQueues } from './console-access';
import { agentOfRequest } from './console-auth';
import { type ConsoleServerFrame, clientFrameSchema } from './console-protocol';
import type { ConsoleSessionCodec } from './console-session';

/** The console's socket path. */
export const CONSOLE_SOCKET_PATH = '/console/socket';

/** Largest frame an agent's browser may send: a long reply with room to spare. */
const MAX_FRAME_BYTES = 64 * 1024;
/** Presence is written at most this often per agent and process, however often the browser pings. */
const PRESENCE_WRITE_INTERVAL_MS = 10_000;
/** "Service restart": the browser reconnects (to another process). */
const CLOSE_RESTARTING = 1012;

/** Options of {@link ConsoleSocketHub}. */
export interface ConsoleSocketHubOptions {
  service: HandoffService;
  directory: AgentDirectory;
  presence: AgentPresence;
  sessions: ConsoleSessionCodec;
  /** Sessions ended by logout: their cookies no longer open a socket. */
  revocations: SessionRevocations;
  bus: MessageBus;
  /** Origins allowed besides the request's own host (the public base URL). */
  allowedOrigins: readonly string[];
  logger: Logger;
  now: () => number;
}

interface Connection {
  socket: WebSocket;
  agent: AgentIdentity;
  /** Conversations this agent held, so they still hear when one leaves them (resolved, transferred). */
  held: Set<string>;
}

/**
 * The console's live channel (`/console/socket`): authenticated by the session cookie at upgrade
 * (and the Origin checked, against cross-site socket hijacking), it pushes handoff changes and chat
 * lines from the bus — so an escalation or a customer message in any process reaches the console
 * in every process — and takes the agent's replies. An agent whose last socket closes starts the
 * grace period after which their conversations go back to the front of the queue.
 */
export class ConsoleSocketHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<Connection>();
  private readonly lastPresenceWrite = new Map<string, number>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ConsoleSocketHubOptions) {}

  /** Subscribes to the handoff broadcasts. */
  async start(): Promise<void> {
    this.unsubscribe ??= await this.options.bus.subscribe(HANDOFF_BUS_CHANNEL, (raw) =>
      this.onBroadcast(raw),
    );
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Refused upgrades must not leave a dangling socket error (the client may already be gone).
    socket.on('error', () => undefined);
    this.authenticate(request).then(
      (agent) => this.upgrade(request, socket, head, agent),
      (error: unknown) => {
        this.options.logger.error({ err: error }, 'console socket authentication failed');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      },
    );
  }

  private upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    agent: AgentIdentity | undefined,
  ): void {
    if (!agent || this.closing) {
      socket.end(
        `HTTP/1.1 ${agent ? '503 Service Unavailable' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, agent));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const connection of this.connections) connection.socket.close(CLOSE_RESTARTING, 'service restart');
      await this.unsubscribe?.();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    })();
    return this.closing;
  }

  private async authenticate(request: IncomingMessage): Promise<AgentIdentity | undefined> {
    const origin = request.headers.origin;
    const own = [`http://${request.headers.host}`, `https://${request.headers.host}`];
    // Browsers always send Origin on sockets; other clients (tests, tools) have no cookie jar to abuse.
    if (origin !== undefined && ![...own, ...this.options.allowedOrigins].includes(origin)) return undefined;
    return (await agentOfRequest(this.options, request.headers))?.agent;
  }

  private accept(socket: WebSocket, agent: AgentIdentity): void {
    const connection: Connection = { socket, agent, held: new Set() };
    this.connections.add(connection);
    socket.on('message', (data, isBinary) => void this.onFrame(connection, data, isBinary));
    socket.on('close', () => void this.onClose(connection));
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'console socket error'));
    this.send(connection, { type: 'ready', agentId: agent.id });
    void this.markSeen(agent.id, true);
  }

  private async onFrame(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      raw = undefined;
    }
    const parsed = clientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      this.send(connection, {
        type: 'error',
        code: 'SWB_ERR_VALIDATION',
        message: 'Frames are {"type":"ping"} or {"type":"reply","id","handoffId","text"}.',
      });
      return;
    }
    const frame = parsed.data;
    void this.markSeen(connection.agent.id, false);
    if (frame.type === 'ping') return this.send(connection, { type: 'pong' });
    try {
      const line = await this.options.service.reply(frame.handoffId, connection.agent, frame.text);
      this.send(connection, { type: 'ack', id: frame.id, line });
    } catch (error) {
      const coded = hasErrorCode(error)
        ? error
        : { code: 'SWB_ERR_INTERNAL', message: 'The reply could not be sent. Try again.' };
      if (!hasErrorCode(error)) this.options.logger.error({ err: error }, 'console reply failed');
      this.send(connection, { type: 'error', id: frame.id, code: coded.code, message: coded.message });
    }
  }

  private async onClose(connection: Connection): Promise<void> {
    this.connections.delete(connection);
    const agentId = connection.agent.id;
    if (this.closing || [...this.connections].some((c) => c.agent.id === agentId)) return;
    try {
      await this.options.service.agentDisconnected(agentId);
    } catch (error) {
      this.options.logger.error({ err: error, agentId }, 'could not start the disconnect grace period');
    }
  }

  private onBroadcast(raw: string): void {
    let message: HandoffBroadcast;
    try {
      message = JSON.parse(raw) as HandoffBroadcast;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'malformed handoff broadcast ignored');
      return;
    }
    for (const connection of this.connections) {
      const frame = this.frameFor(connection, message);
      if (frame) this.send(connection, frame);
    }
  }

  private frameFor(connection: Connection, message: HandoffBroadcast): ConsoleServerFrame | undefined {
    const { agent, held } = connection;
    if (message.type === 'message') {
      const mine = message.agentId === agent.id || seesAllQueues(agent);
      return mine ? { type: 'message', handoffId: message.handoffId, line: message.line } : undefined;
    }
    const { handoff } = message;
    const wasMine = held.has(handoff.id);
    if (handoff.agentId === agent.id) held.add(handoff.id);
    else held.delete(handoff.id);
    const relevant = wasMine || canView(agent, handoff) || agent.skills.includes(handoff.skill);
    return relevant ? { type: 'handoff', handoff } : undefined;
  }

  private async markSeen(agentId: string, connected: boolean): Promise<void> {
    const now = this.options.now();
    if (!connected && now - (this.lastPresenceWrite.get(agentId) ?? 0) < PRESENCE_WRITE_INTERVAL_MS) return;
    this.lastPresenceWrite.set(agentId, now);
    try {
      await this.options.presence.seen(agentId, connected);
    } catch (error) {
      this.options.logger.warn({ err: error, agentId }, 'presence update failed');
    }
  }

  private send(connection: Connection, frame: ConsoleServerFrame): void {
    if (connection.socket.readyState === connection.socket.OPEN)
      connection.socket.send(JSON.stringify(frame));
  }
}
