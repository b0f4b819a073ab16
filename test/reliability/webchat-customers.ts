/**
 * Simulated web chat customers over HTTP (`POST /webchat/messages`), sending to any web process
 * (no stickiness) and retrying a failed send with the same client message id, as the widget does.
 * The verdict is read back from the conversation's reply log (`GET /webchat/messages`), so it
 * does not depend on which HTTP answers the client happened to receive.
 */
import { type HttpAnswer, httpRequest, sleep } from './http-client';
import { emptyTally, type Tally } from './tally';

/** Texts that each get an answer without starting a handoff. */
const TEXTS = ['hello', 'what are your opening hours', 'thank you', 'how do I order a new card', 'bye'];

/** How long one message may take to get through (a killed process's lock and lease lapse within it). */
const MESSAGE_DEADLINE_MS = 45_000;
const RETRY_PAUSE_MS = 300;

interface HistoryMessage {
  seq: number;
  from: 'customer' | 'bot' | 'agent';
  clientMessageId?: string;
}

/** Where customers send: the currently live web processes' base URLs. */
export type WebTargets = () => string[];

/** One customer's conversation. */
export class WebChatCustomer {
  readonly sentIds: string[] = [];
  retries = 0;
  #token = '';

  constructor(
    readonly id: string,
    private readonly targets: WebTargets,
  ) {}

  /** Opens the session (on any web process). */
  async open(): Promise<void> {
    const answer = await this.#withRetries(() =>
      httpRequest(`${this.#target()}/webchat/session`, { method: 'POST', body: '{}', headers: json() }),
    );
    this.#token = (JSON.parse(answer.text) as { token: string }).token;
  }

  /** Sends `count` messages one after the other, each retried until it got through. */
  async talk(count: number, pauseMs = 0): Promise<void> {
    for (let i = 0; i < count; i++) {
      const clientMessageId = `${this.id}-${this.sentIds.length}`;
      this.sentIds.push(clientMessageId);
      await this.#send(clientMessageId, TEXTS[i % TEXTS.length] as string);
      if (pauseMs > 0) await sleep(pauseMs);
    }
  }

  /** Reads the conversation back and judges every message sent. */
  async verdict(): Promise<Tally> {
    const history = await this.#history();
    return judge(this.sentIds, history, this.retries);
  }

  async #send(clientMessageId: string, text: string): Promise<void> {
    const body = JSON.stringify({ type: 'message', clientMessageId, text });
    const deadline = Date.now() + MESSAGE_DEADLINE_MS;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      if (attempt > 0) {
        this.retries++;
        await sleep(RETRY_PAUSE_MS);
      }
      const answer = await this.#post(body).catch(() => undefined);
      if (answer?.status !== 200) continue;
      const result = JSON.parse(answer.text) as { duplicate: boolean };
      // A duplicate answer means another delivery of this id was accepted: done once its reply is in the log.
      if (!result.duplicate || (await this.#answered(clientMessageId))) return;
    }
  }

  #post(body: string): Promise<HttpAnswer> {
    return httpRequest(`${this.#target()}/webchat/messages`, {
      method: 'POST',
      body,
      headers: { ...json(), authorization: `Bearer ${this.#token}` },
    });
  }

  async #answered(clientMessageId: string): Promise<boolean> {
    const history = await this.#history().catch(() => []);
    const echo = history.findIndex((m) => m.clientMessageId === clientMessageId);
    return echo >= 0 && history.slice(echo + 1).some((m) => m.from !== 'customer');
  }

  async #history(): Promise<HistoryMessage[]> {
    const messages: HistoryMessage[] = [];
    for (let after = 0; ; ) {
      const answer = await this.#withRetries(() =>
        httpRequest(`${this.#target()}/webchat/messages?after=${after}`, {
          headers: { authorization: `Bearer ${this.#token}` },
        }),
      );
      const page = (JSON.parse(answer.text) as { messages: HistoryMessage[] }).messages;
      messages.push(...page);
      if (page.length === 0) return messages;
      after = page[page.length - 1]?.seq ?? after;
    }
  }

  async #withRetries(call: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    const deadline = Date.now() + MESSAGE_DEADLINE_MS;
    for (;;) {
      const answer = await call().catch(() => undefined);
      if (answer && answer.status < 300) return answer;
      if (Date.now() > deadline) throw new Error(`${this.id}: no web process answered (${answer?.status})`);
      await sleep(RETRY_PAUSE_MS);
    }
  }

  #target(): string {
    const live = this.targets();
    return live[Math.floor(Math.random() * live.length)] as string;
  }
}

function json(): Record<string, string> {
  return { 'content-type': 'application/json' };
}

/**
 * Judges a conversation from its log. A turn shows as the customer's echo followed by the bot's
 * messages. An echo with no answer before the next echo of the same id is a turn that was
 * interrupted (its process was killed) and retried: not an answer, not a duplicate. A message is
 * answered when one of its echoes is followed by an answer; answered twice is a duplicate; its
 * first answered turn must come after the previous message's.
 */
export function judge(
  sentIds: readonly string[],
  history: readonly HistoryMessage[],
  retries: number,
): Tally {
  const tally = { ...emptyTally(), sent: sentIds.length, retries };
  const answeredAt = new Map<string, number[]>();
  history.forEach((message, index) => {
    if (message.from !== 'customer' || !message.clientMessageId) return;
    const next = history[index + 1];
    if (!next || next.from === 'customer') return;
    const turns = answeredAt.get(message.clientMessageId) ?? [];
    turns.push(index);
    answeredAt.set(message.clientMessageId, turns);
  });
  let previous = -1;
  for (const id of sentIds) {
    const turns = answeredAt.get(id) ?? [];
    if (turns.length === 0) {
      tally.lost++;
      continue;
    }
    tally.replies++;
    if (turns.length > 1) tally.duplicated++;
    const first = turns[0] as number;
    if (first < previous) tally.outOfOrder++;
    previous = first;
  }
  return tally;
}
