import type { RawData, WebSocket } from 'ws';
import { hasErrorCode, MalformedJsonError, ValidationError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { TurnTracker } from '../../src/server/turn-tracker';
import type { BotLogic } from '../channel-adapter';
import type { ClientFrame, InboundTurn, inboundSchemas, ServerFrame, WebChatMessage } from './protocol';
import type { WebChatSession, WebChatTokenService } from './session-token';
import { type WebChatAdapter, webChatChannel } from './webchat-adapter';

/** WebSocket close codes (4000–4999 are the application's). */
export const CLOSE_CODES = {
  badFrame: 4400,
  unauthorized: 4401,
  helloTimeout: 4408,
  restarting: 1012,
} as const;

/** What every connection shares. */
export interface ConnectionDeps {
  adapter: WebChatAdapter;
  tokens: WebChatTokenService;
  logic: BotLogic;
  schemas: ReturnType<typeof inboundSchemas>;
  tracker: TurnTracker;
  logger: Logger;
  subscribe: (channel: string, handler: (message: string) => void) => Promise<() => Promise<void>>;
  helloTimeoutMs: number;
  /** Abuse limits of one turn (per IP and conversation); throws `RateLimitedError` to refuse it. */
  limitTurn?: (session: WebChatSession) => Promise<void>;
}

/**
 * One customer's socket: authenticates with the first frame (`hello` + token), catches up on the
 * messages it missed, then relays live messages and runs the customer's turns in order.
 */
export class WebChatConnection {
  private session: WebChatSession | undefined;
  private lastSeq = 0;
  private live = false;
  private readonly pending: WebChatMessage[] = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.helloTimer = setTimeout(
      () => this.close(CLOSE_CODES.helloTimeout, 'hello expected'),
      deps.helloTimeoutMs,
    );
    socket.on('message', (data, isBinary) => this.onData(data, isBinary));
    socket.on('close', () => void this.dispose());
    socket.on('error', (error) => deps.logger.debug({ err: error }, 'web chat socket error'));
  }

  /** Closes the socket (shutdown uses code 1012 so clients reconnect to another process). */
  close(code: number, reason: string): void {
    clearTimeout(this.helloTimer);
    this.socket.close(code, reason);
  }

  private onData(data: RawData, isBinary: boolean): void {
    const frame = isBinary ? undefined : parseJson(data.toString());
    if (frame === undefined) {
      this.sendError(new MalformedJsonError());
      if (!this.session) this.close(CLOSE_CODES.badFrame, 'malformed frame');
      return;
    }
    this.queue = this.queue.then(() => (this.session ? this.onFrame(frame) : this.onHello(frame)));
  }

  private async onHello(frame: unknown): Promise<void> {
    clearTimeout(this.helloTimer);
    const hello = this.deps.schemas.hello.safeParse(frame);
    try {
      if (!hello.success)
        throw new ValidationError('The first frame must be {"type":"hello","token":"..."}.');
      this.session = this.deps.tokens.verify(hello.data.token);
      this.lastSeq = hello.data.after;
    } catch (error) {
      this.sendError(error);
      this.close(CLOSE_CODES.unauthorized, 'unauthorized');
      return;
    }
    await this.catchUp(this.session);
  }

  private async catchUp(session: WebChatSession): Promise<void> {
    const channel = webChatChannel(session.conversationId);
    this.unsubscribe = await this.deps.subscribe(channel, (raw) => this.onBusFrame(raw));
    this.send({ type: 'ready', conversationId: session.conversationId, userId: session.userId });
    await this.fillFrom(this.lastSeq);
    this.live = true;
    for (const message of this.pending.splice(0)) await this.deliver(message);
  }

  private onBusFrame(raw: string): void {
    const frame = JSON.parse(raw) as ServerFrame;
    if (frame.type !== 'message') {
      this.send(frame);
      return;
    }
    if (!this.live) {
      this.pending.push(frame.message);
      return;
    }
    void this.deliver(frame.message);
  }

  private async deliver(message: WebChatMessage): Promise<void> {
    if (message.seq <= this.lastSeq) return;
    // A gap means a message published by another process overtook this one: read it from the log.
    if (message.seq > this.lastSeq + 1) return this.fillFrom(this.lastSeq);
    this.lastSeq = message.seq;
    this.send({ type: 'message', message });
  }

  private async fillFrom(afterSeq: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    for (const message of await this.deps.adapter.history(session.conversationId, afterSeq)) {
      if (message.seq > this.lastSeq) {
        this.lastSeq = message.seq;
        this.send({ type: 'message', message });
      }
    }
  }

  private async onFrame(raw: unknown): Promise<void> {
    const parsed = this.deps.schemas.frame.safeParse(raw);
    if (!parsed.success) return this.sendError(new ValidationError(describeZod(parsed.error)));
    const frame: ClientFrame = parsed.data;
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    await this.runTurn(frame);
  }

  private async runTurn(turn: InboundTurn): Promise<void> {
    const session = this.session as WebChatSession;
    try {
      await this.deps.limitTurn?.(session);
      const result = await this.deps.tracker.run(() =>
        this.deps.adapter.receive(session, turn, this.deps.logic),
      );
      if (turn.type !== 'start') {
        this.send({ type: 'ack', clientMessageId: turn.clientMessageId, duplicate: result.duplicate });
      }
    } catch (error) {
      this.sendError(error);
    }
  }

  private sendError(error: unknown): void {
    const body = hasErrorCode(error)
      ? { code: error.code, message: error.message }
      : { code: 'SWB_ERR_TURN_FAILED', message: 'The message could not be handled. Please send it again.' };
    this.send({ type: 'error', ...body });
  }

  private send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private async dispose(): Promise<void> {
    clearTimeout(this.helloTimer);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One line naming each invalid field, for error frames and HTTP 400s. */
export function describeZod(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}
