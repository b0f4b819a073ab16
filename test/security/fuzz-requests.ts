/**
 * The fuzz test's request generator: a seeded PRNG and random, malformed and valid-looking
 * requests across every public endpoint (methods, traversal paths, headers, bodies).
 */
import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { WebChatTokenService } from '../../adapters/webchat/session-token';
import { ConsoleSessionCodec, consoleSessionSecrets } from '../../src/console/console-session';
import { seededRandom } from '../../src/nlu/train/random';
import { TEST_TOKEN_SECRET } from '../support/test-server';
import { PUBLIC_BASE_URL, SLACK_SIGNING_SECRET, TWILIO_AUTH_TOKEN } from './security-server';

export { seededRandom };

/** One generated request. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

const ENDPOINTS = [
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/webchat.js',
  '/webchat.css',
  '/webchat/session',
  '/webchat/messages',
  '/webchat/socket',
  '/slack/events',
  '/twilio/sms',
  '/twilio/sms/status',
  '/twilio/voice',
  '/twilio/voice/gather',
  '/twilio/voice/status',
  '/twilio/voice/wait',
  '/twilio/voice/queue-result',
  '/twilio/voice/connect',
  '/twilio/voice/agent-status',
  '/console',
  '/console/',
  '/console/index.html',
  '/console/api.js',
  '/console/api/login',
  '/console/api/logout',
  '/console/api/state',
  '/console/api/presence',
  '/console/api/pick',
  '/console/api/supervisor',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000/claim',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000/messages',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000/transfer',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000/resolve',
  '/console/api/handoffs/h-00000000-0000-0000-0000-000000000000/suggestions',
  '/dashboard',
  '/dashboard/',
  '/api/analytics/login',
  '/api/analytics/logout',
  '/api/analytics/session',
  '/api/analytics/metrics',
  '/api/analytics/alerts',
  '/api/analytics/customers/webchat:u_1',
  '/api/admin/customers/export',
  '/api/admin/customers/erase',
];

const MUTATED_PATHS = [
  '/../../../../etc/passwd',
  '/console/../../etc/passwd',
  '/console/..%2f..%2f..%2fetc%2fpasswd',
  '/console/%2e%2e/%2e%2e/package.json',
  '/console/.env',
  '/console/%00.html',
  '/webchat/messages?after=-1',
  '/webchat/messages?after=1e309',
  '/webchat/messages?after=NaN&after=2',
  '/webchat/messages?after[]=1',
  '/console/api/handoffs/..%2F..%2Fstate',
  '/console/api/handoffs/%ZZ',
  '/console/api/handoffs/h-%00',
  '/api/analytics/metrics?from=not-a-date&to=%ff',
  '/api/analytics/customers/%E0%A4%A',
  '//healthz',
  '/healthz?%',
  '/%',
  '/\u00e9t\u00e9',
  `/${'a'.repeat(4000)}`,
  '/slack/events?x=%zz',
  '/twilio/sms?__proto__[x]=1',
];

const METHODS = [
  'GET',
  'GET',
  'POST',
  'POST',
  'POST',
  'POST',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'PROPFIND',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=latin1',
  '',
  'application/jsonx',
];

/** Generates requests; valid credentials are minted where a real client would have them. */
export class FuzzRequestFactory {
  private readonly webchat = new WebChatTokenService({ secrets: [TEST_TOKEN_SECRET], ttlMs: 60_000 });
  private readonly console = new ConsoleSessionCodec({
    secrets: consoleSessionSecrets(undefined, [TEST_TOKEN_SECRET]),
    ttlMs: 60_000,
  });

  constructor(private readonly random: () => number) {}

  next(): FuzzRequest {
    const path = this.chance(0.15) ? this.pick(MUTATED_PATHS) : this.pick(ENDPOINTS);
    const method = this.pick(METHODS);
    const body = method === 'GET' || method === 'HEAD' ? this.maybeBody(0.1) : this.body(path);
    const headers = this.headers(path, body);
    return { method, path, headers, body };
  }

  private headers(path: string, body: Buffer): Record<string, string> {
    const headers: Record<string, string> = {};
    const type = this.chance(0.8) ? this.typeFor(path) : this.pick(CONTENT_TYPES);
    if (type) headers['content-type'] = type;
    if (this.chance(0.5)) headers['authorization'] = this.authorization();
    if (this.chance(0.4)) headers['cookie'] = this.cookie();
    if (this.chance(0.3))
      headers['origin'] = this.pick([
        'https://evil.example',
        'null',
        'http://127.0.0.1',
        'https://bot.example.com',
      ]);
    if (this.chance(0.2))
      headers['sec-fetch-site'] = this.pick(['cross-site', 'same-origin', 'same-site', 'none', '??']);
    if (path.startsWith('/slack') || this.chance(0.05)) Object.assign(headers, this.slackHeaders(body));
    if (path.startsWith('/twilio') || this.chance(0.05))
      Object.assign(headers, this.twilioHeaders(path, body));
    if (this.chance(0.1)) headers['x-forwarded-for'] = this.pick(['1.2.3.4', '::1, 10.0.0.1', 'garbage', '']);
    if (this.chance(0.05)) headers['accept-encoding'] = 'gzip, br, zstd';
    if (this.chance(0.05)) headers['x-slack-retry-num'] = this.pick(['1', '-1', 'x']);
    return headers;
  }

  private typeFor(path: string): string {
    if (path.startsWith('/twilio')) return 'application/x-www-form-urlencoded';
    if (path.startsWith('/slack'))
      return this.pick(['application/json', 'application/x-www-form-urlencoded']);
    return 'application/json';
  }

  private authorization(): string {
    return this.pick([
      `Bearer ${this.webchat.issueNew().token}`,
      `Bearer ${this.webchat.issueNew().token}`,
      `Bearer ${this.garbageToken()}`,
      'Bearer',
      'Basic YWRtaW46YWRtaW4=',
      `Bearer ${'A'.repeat(5000)}`,
    ]);
  }

  private cookie(): string {
    const agent = this.pick(['sam', 'alice', 'ada', 'carol', 'nobody']);
    return this.pick([
      `swb_console=${this.console.issue(agent).token}`,
      `swb_console=${this.garbageToken()}`,
      'swb_console=',
      `swb_console=${this.console.issue(agent).token}; swb_console=x`,
      `swb_dashboard=${this.garbageToken()}`,
    ]);
  }

  private slackHeaders(body: Buffer): Record<string, string> {
    const ts = Math.floor(Date.now() / 1000) + this.pick([0, 0, 0, -400, 400, -1e9]);
    const signed = `v0=${createHmac('sha256', SLACK_SIGNING_SECRET).update(`v0:${ts}:`).update(body).digest('hex')}`;
    return this.pick<Record<string, string>>([
      { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signed },
      { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${'0'.repeat(64)}` },
      { 'x-slack-request-timestamp': 'NaN', 'x-slack-signature': signed },
      { 'x-slack-signature': signed },
      {},
    ]);
  }

  private twilioHeaders(path: string, body: Buffer): Record<string, string> {
    const params = Object.fromEntries(new URLSearchParams(body.toString('latin1')));
    const valid = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
    return this.pick<Record<string, string>>([
      { 'x-twilio-signature': valid },
      { 'x-twilio-signature': valid },
      { 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
      { 'x-twilio-signature': valid, 'x-twilio-webhooks-signature-settings': 'v1' },
      {},
    ]);
  }

  private body(path: string): Buffer {
    const kind = this.random();
    if (kind < 0.25) return Buffer.from(this.validLookingBody(path));
    if (kind < 0.4) return Buffer.from(this.mutate(this.validLookingBody(path)));
    if (kind < 0.5) return this.randomBytes(this.int(0, 2048));
    if (kind < 0.55)
      return Buffer.from([0xc3, 0x28, 0x7b, 0xff, 0xfe, 0x22, 0x61, 0x22, 0x3a, 0xed, 0xa0, 0x80]);
    if (kind < 0.6) return Buffer.from(`${'['.repeat(this.int(1000, 10_000))}${']'.repeat(this.int(0, 10))}`);
    if (kind < 0.65) return Buffer.from(this.wideJson());
    if (kind < 0.7)
      return Buffer.from('x'.repeat(this.chance(0.2) ? this.int(60_000, 300_000) : this.int(1000, 60_000)));
    if (kind < 0.75)
      return Buffer.from(`{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"text":"hi"}`);
    if (kind < 0.8)
      return Buffer.from(this.pick(['null', '""', '0', '[]', 'true', '{"a":', '%', 'a=%zz&b=%', '\u0000']));
    if (kind < 0.85) return Buffer.from(`${'a=1&'.repeat(this.int(100, 5000))}`);
    return this.maybeBody(0.5);
  }

  private validLookingBody(path: string): string {
    const sid = (prefix: string) => `${prefix}${this.hex(32)}`;
    if (path.startsWith('/twilio/sms'))
      return new URLSearchParams({
        MessageSid: sid('SM'),
        AccountSid: sid('AC'),
        From: '+15550001234',
        To: '+15550001111',
        Body: this.text(),
        MessageStatus: this.pick(['delivered', 'failed', '??']),
        NumMedia: this.pick(['0', '1', '-1', '99']),
      }).toString();
    if (path.startsWith('/twilio'))
      return new URLSearchParams({
        CallSid: sid('CA'),
        AccountSid: sid('AC'),
        From: '+15550001234',
        To: this.pick(['+15550001111', '+10000000000', '']),
        CallStatus: this.pick(['ringing', 'in-progress', 'completed', 'weird']),
        SpeechResult: this.text(),
        Confidence: this.pick(['0.9', '2', 'NaN']),
        Digits: this.pick(['1', '#', '']),
        QueuePosition: this.pick(['1', '-3', 'x']),
        handoffId: 'h-x',
      }).toString();
    if (path.startsWith('/slack'))
      return this.pick([
        JSON.stringify({ type: 'url_verification', challenge: this.text() }),
        JSON.stringify({
          type: 'event_callback',
          team_id: 'T0FAKE',
          event_id: sid('Ev'),
          event: {
            type: 'message',
            channel: 'D1',
            user: 'U1',
            text: this.text(),
            ts: '1.2',
            channel_type: 'im',
          },
        }),
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T0FAKE' }, user: { id: 'U1' }, actions: [{ value: this.text() }] }))}`,
        `command=%2Facme&text=${encodeURIComponent(this.text())}&team_id=T0FAKE&user_id=U1&channel_id=C1`,
        JSON.stringify(
          this.pick<Record<string, unknown>>([
            { type: 'event_callback', team_id: 'T0FAKE', event: null },
            { type: 'event_callback', team_id: 'T0FAKE', event: { type: 'message', channel: null, text: 5 } },
            { type: 'event_callback', authorizations: 'x', event: { type: 'app_mention' } },
            { type: 'block_actions', actions: null, user: null, team: null },
            { type: 'view_submission', view: null },
            { type: 'shortcut', callback_id: 5 },
            { type: 'message_action' },
            { type: 'block_suggestion' },
            { command: 5, team_id: ['T0FAKE'] },
            { ssl_check: '1', token: 'x' },
            { type: 'url_verification' },
          ]),
        ),
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [null], team: { id: 'T0FAKE' }, container: null }))}`,
      ]);
    if (path.includes('login'))
      return JSON.stringify({ username: this.pick(['sam', 'alice', 'x', '']), password: this.text() });
    if (path.includes('admin'))
      return JSON.stringify({
        ids: [this.pick(['webchat:u_1', 'x', ''])],
        conversationIds: this.pick([[], ['a'], 'no']),
      });
    return JSON.stringify(
      this.pick([
        { type: 'message', text: this.text(), clientMessageId: this.hex(8) },
        { type: 'postBack', value: this.text(), clientMessageId: this.hex(8) },
        { type: 'start' },
        { status: this.pick(['online', 'away', 'offline', 7]) },
        { text: this.text() },
        { skill: this.pick(['billing', 'cards', '../x', '']) },
        { disposition: this.pick(['solved', 'NOT OK', '']) },
      ]),
    );
  }

  private wideJson(): string {
    const n = this.int(100, 3000);
    return `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  }

  private mutate(text: string): string {
    const chars = [...text];
    for (let i = this.int(1, 5); i > 0; i--) {
      const at = this.int(0, chars.length);
      chars.splice(at, this.int(0, 3), String.fromCharCode(this.int(0, 0xffff)));
    }
    return chars.join('');
  }

  private text(): string {
    return this.pick([
      'hello',
      'talk to a person',
      '',
      ' ',
      'a'.repeat(6000),
      '\u202e\u0000<script>',
      '%s%n',
      '💳 4111 1111 1111 1111',
    ]);
  }

  private maybeBody(p: number): Buffer {
    return this.chance(p) ? this.randomBytes(this.int(1, 512)) : Buffer.alloc(0);
  }

  private garbageToken(): string {
    return this.pick([
      'a.b',
      'a.b.c',
      '..',
      `${this.hex(40)}.${this.hex(40)}`,
      'eyJzdWIiOiJzYW0iLCJleHAiOjk5OTk5OTk5OTk5OTl9.AAAA',
    ]);
  }

  private randomBytes(n: number): Buffer {
    const buffer = Buffer.alloc(n);
    for (let i = 0; i < n; i++) buffer[i] = this.int(0, 256);
    return buffer;
  }

  private hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += this.int(0, 16).toString(16);
    return out;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }
}
