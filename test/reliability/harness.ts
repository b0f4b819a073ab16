/**
 * The reliability harness: N web processes and M workers on one Redis, the fake platform APIs in
 * this process, and the scenarios the jest suite and `npm run reliability` run.
 */
import { FakeSlackApi } from '../support/fake-slack-api';
import { type FakeTwilioApi, startFakeTwilioApi } from '../support/fake-twilio-api';
import {
  type ClusterSettings,
  type SwitchboardProcess,
  startProcess,
  stopProcess,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
} from './cluster';
import { sleep } from './http-client';
import { addTally, emptyTally, type Tally } from './tally';
import { WebChatCustomer } from './webchat-customers';
import { slackCustomer, smsCustomer, type WebhookCustomer } from './webhook-customers';

/** A customer's pause between an answer and their next message (people type). */
const MESSAGE_PAUSE_MS = 250;

/** Options of {@link Harness.start}. */
export interface HarnessOptions {
  redisUrl: string;
  keyPrefix: string;
  web: number;
  workers: number;
}

/** A running cluster and its fakes. */
export class Harness {
  readonly web: SwitchboardProcess[] = [];
  readonly workers: SwitchboardProcess[] = [];
  #customerSeq = 0;

  private constructor(
    readonly settings: ClusterSettings,
    readonly twilio: FakeTwilioApi,
    readonly slack: FakeSlackApi,
  ) {}

  /** Starts the fakes, then the processes (workers and web processes in parallel). */
  static async start(options: HarnessOptions): Promise<Harness> {
    const twilio = await startFakeTwilioApi({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN });
    const slack = await new FakeSlackApi().start();
    const settings: ClusterSettings = {
      redisUrl: options.redisUrl,
      keyPrefix: options.keyPrefix,
      twilioApiUrl: twilio.baseUrl,
      slackApiUrl: slack.url,
      slackTeamId: slack.identity.teamId,
      turnLockTtlMs: 3_000,
    };
    const harness = new Harness(settings, twilio, slack);
    try {
      const started = await Promise.all([
        ...Array.from({ length: options.workers }, () => startProcess(settings, 'worker')),
        ...Array.from({ length: options.web }, () => startProcess(settings, 'web')),
      ]);
      for (const child of started) (child.role === 'web' ? harness.web : harness.workers).push(child);
    } catch (error) {
      await harness.close();
      throw error;
    }
    return harness;
  }

  /** Base URLs of the web processes that are alive now. */
  readonly targets = (): string[] =>
    this.web.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.baseUrl);

  /**
   * Web chat customers talking at once; `during` runs a fault while they talk. `overlapped` says
   * whether the customers were still talking when the fault ended (else it proved nothing).
   */
  async webChat(
    customers: number,
    messages: number,
    during?: (stillTalking: () => boolean) => Promise<void>,
  ): Promise<{ tally: Tally; overlapped: boolean }> {
    const people = Array.from(
      { length: customers },
      () => new WebChatCustomer(this.#nextId('w'), this.targets),
    );
    await Promise.all(people.map((p) => p.open()));
    let finished = false;
    const talking = Promise.all(people.map((p) => p.talk(messages, MESSAGE_PAUSE_MS))).then(() => {
      finished = true;
    });
    await during?.(() => !finished);
    const overlapped = !finished;
    await talking;
    return { tally: sum(await Promise.all(people.map((p) => p.verdict()))), overlapped };
  }

  /** SMS and Slack customers, each message delivered twice when `duplicate`. */
  async webhooks(options: {
    sms: number;
    slack: number;
    messages: number;
    duplicate: boolean;
    settleMs: number;
  }): Promise<{ sms: Tally; slack: Tally }> {
    const sms = Array.from({ length: options.sms }, () =>
      smsCustomer(
        `+1555${String(100_000 + this.#next()).slice(-6)}0`,
        this.twilio,
        this.targets,
        options.settleMs,
      ),
    );
    const slack = Array.from({ length: options.slack }, () =>
      slackCustomer(`U0C${this.#nextId('S').toUpperCase()}`, this.slack, this.targets, options.settleMs),
    );
    const talk = (c: WebhookCustomer) => c.talk(options.messages, options.duplicate);
    await Promise.all([...sms.map(talk), ...slack.map(talk)]);
    return { sms: sum(sms.map((c) => c.verdict())), slack: sum(slack.map((c) => c.verdict())) };
  }

  /** kill -9 of web process `index`, then a restart on the same port after `downMs`. */
  async killAndRestartWeb(index: number, downMs: number, onKilled?: () => void): Promise<void> {
    const victim = this.web[index];
    if (!victim) throw new Error(`no web process ${index}`);
    await stopProcess(victim, 'SIGKILL');
    onKilled?.();
    await sleep(downMs);
    this.web[index] = await startProcess(this.settings, 'web', victim.port);
  }

  /** Stops every process (SIGTERM, SIGKILL after a grace period) and the fakes; safe to call twice. */
  async close(): Promise<void> {
    await Promise.all([...this.web, ...this.workers].map((p) => stopProcess(p, 'SIGTERM', 10_000)));
    await this.twilio.close().catch(() => undefined);
    await this.slack.close().catch(() => undefined);
  }

  #next(): number {
    this.#customerSeq += 1;
    return this.#customerSeq;
  }

  #nextId(prefix: string): string {
    return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${this.#next()}`;
  }
}

function sum(tallies: Tally[]): Tally {
  return tallies.reduce(addTally, emptyTally());
}
