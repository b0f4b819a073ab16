/**
 * Simulated SMS and Slack customers: signed webhooks posted to any web process, optionally
 * delivered twice (a platform retry, to another process), replies read at the fake platform API.
 * One message at a time: a message's reply window is everything the platform received for the
 * customer after it and before the next message.
 */
import { createHmac, randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { FakeSlackApi } from '../support/fake-slack-api';
import type { FakeTwilioApi } from '../support/fake-twilio-api';
import {
  OUR_NUMBER,
  PUBLIC_BASE_URL,
  SLACK_SIGNING_SECRET,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
} from './cluster';
import { httpRequest, sleep } from './http-client';
import { emptyTally, type Tally } from './tally';
import type { WebTargets } from './webchat-customers';

const TEXTS = ['hello', 'what are your opening hours', 'thank you'];
/** A reply must start arriving within this (queued retries included). */
const REPLY_DEADLINE_MS = 40_000;
const DELIVERY_DEADLINE_MS = 30_000;

/** How a customer reaches the platform side. */
interface Channel {
  /** Posts delivery `attempt` (0: first, 1+: a platform retry) of message `index` to `target`. */
  post(target: string, index: number, attempt: number): Promise<number>;
  /** The bodies the platform received for this customer so far. */
  replies(): string[];
}

/** A customer on a webhook channel; see the file comment. */
export class WebhookCustomer {
  readonly windows: string[][] = [];
  retries = 0;

  constructor(
    private readonly channel: Channel,
    private readonly targets: WebTargets,
    private readonly settleMs: number,
  ) {}

  /** Sends `count` messages; each is delivered twice (to two processes) when `duplicate`. */
  async talk(count: number, duplicate: boolean): Promise<void> {
    for (let index = 0; index < count; index++) {
      const before = this.channel.replies().length;
      const deliveries = duplicate ? [0, 1] : [0];
      await Promise.all(deliveries.map((attempt) => this.#deliver(index, attempt)));
      this.windows.push(await this.#collect(before));
    }
  }

  /** Lost: a window without a reply; duplicated: a window where one reply came twice. */
  verdict(): Tally {
    const tally = { ...emptyTally(), sent: this.windows.length, retries: this.retries };
    for (const window of this.windows) {
      if (window.length === 0) tally.lost++;
      else tally.replies++;
      if (new Set(window).size < window.length) tally.duplicated++;
    }
    return tally;
  }

  async #deliver(index: number, attempt: number): Promise<void> {
    const deadline = Date.now() + DELIVERY_DEADLINE_MS;
    for (let tries = 0; Date.now() < deadline; tries++) {
      if (tries > 0) {
        this.retries++;
        await sleep(300);
      }
      const live = this.targets();
      const target = live[(index + attempt + tries) % live.length] as string;
      const status = await this.channel.post(target, index, attempt + tries).catch(() => 0);
      if (status >= 200 && status < 300) return;
    }
  }

  async #collect(before: number): Promise<string[]> {
    const deadline = Date.now() + REPLY_DEADLINE_MS;
    while (this.channel.replies().length === before && Date.now() < deadline) await sleep(50);
    // Then wait until nothing more arrives for settleMs (a turn may send several messages).
    for (let seen = -1; seen !== this.channel.replies().length; ) {
      seen = this.channel.replies().length;
      await sleep(this.settleMs);
    }
    return this.channel.replies().slice(before);
  }
}

/** An SMS customer: Twilio's signed form webhook; a retry repeats the same MessageSid. */
export function smsCustomer(number: string, api: FakeTwilioApi, targets: WebTargets, settleMs: number) {
  const sids: string[] = [];
  const channel: Channel = {
    post: async (target, index, attempt) => {
      sids[index] ??= `SM${randomBytes(16).toString('hex')}`;
      const params = {
        AccountSid: TWILIO_ACCOUNT_SID,
        MessageSid: sids[index] as string,
        SmsSid: sids[index] as string,
        From: number,
        To: OUR_NUMBER,
        Body: TEXTS[index % TEXTS.length] as string,
        NumMedia: '0',
      };
      const path = '/twilio/sms';
      const signature = twilio.getExpectedTwilioSignature(
        TWILIO_AUTH_TOKEN,
        `${PUBLIC_BASE_URL}${path}`,
        params,
      );
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      };
      if (attempt > 0) headers['i-twilio-idempotency-token'] = sids[index] as string;
      const body = new URLSearchParams(params).toString();
      return (await httpRequest(`${target}${path}`, { method: 'POST', body, headers })).status;
    },
    replies: () => api.messagesTo(number),
  };
  return new WebhookCustomer(channel, targets, settleMs);
}

/** A Slack customer in a DM: a signed Events API callback; a retry repeats the event id. */
export function slackCustomer(user: string, api: FakeSlackApi, targets: WebTargets, settleMs: number) {
  const dm = `D${user.slice(1)}`;
  const events: string[] = [];
  const channel: Channel = {
    post: async (target, index, attempt) => {
      events[index] ??= slackEvent(api, user, dm, TEXTS[index % TEXTS.length] as string);
      const body = events[index] as string;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', SLACK_SIGNING_SECRET)
        .update(`v0:${timestamp}:${body}`)
        .digest('hex');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${signature}`,
      };
      if (attempt > 0) {
        headers['x-slack-retry-num'] = String(attempt);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      return (await httpRequest(`${target}/slack/events`, { method: 'POST', body, headers })).status;
    },
    replies: () => api.succeeded('chat.postMessage', dm).map((call) => String(call.params['text'])),
  };
  return new WebhookCustomer(channel, targets, settleMs);
}

let tsSeq = 0;

function slackEvent(api: FakeSlackApi, user: string, channel: string, text: string): string {
  tsSeq++;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(100_000 + tsSeq).padStart(6, '0')}`;
  const team = api.identity.teamId;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0FAKE',
    event: { type: 'message', channel, channel_type: 'im', user, text, ts, event_ts: ts, team },
    type: 'event_callback',
    event_id: `Ev${randomBytes(8).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: team, user_id: api.identity.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
}
