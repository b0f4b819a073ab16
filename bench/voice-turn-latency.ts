/**
 * Voice turn latency: signed Twilio webhooks (`/twilio/voice`, `/twilio/voice/gather`) posted to a
 * real server with the voice channel and the demo bot, one call after another, measured from the
 * caller's side (HTTP included). Twilio gives a voice webhook 15 s; the target is p99 < 1 s.
 *
 * It also times the same turns through the adapter directly (no HTTP, no signature), which
 * separates our turn cost from HTTP and scheduling noise; the load average is printed because
 * both client and server share this machine's cores.
 *
 * Usage: `npx tsx bench/voice-turn-latency.ts` (env: BENCH_TURNS, default 400 measured turns after
 * 50 warm-up turns; REDIS_URL to measure on Redis instead of memory). Intents come from the test
 * stub (exact phrases), so this measures the channel, pipeline and dialogs, not the NLU model.
 */
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import twilio from 'twilio';
import { type VoiceChannel, voiceChannel } from '../adapters/twilio-voice/voice-channel';
import { parseGather } from '../adapters/twilio-voice/voice-webhook';
import { createAcmeBot } from '../dialogs/acme-bot';
import { loadConfig } from '../src/config/load-config';
import { createSilentLogger } from '../src/logging/logger';
import { SwitchboardServer } from '../src/server/switchboard-server';
import { createStateServices } from '../src/state/state-services';
import { stubIntentReader } from '../test/support/intent-stub';
import { unlinkPrefix } from './lib/redis-prefix';
import { fmt, summarize } from './lib/stats';

/** This run's Redis keys (with REDIS_URL); deleted at the end. */
const KEY_PREFIX = `bench-voice:${process.pid}:`;

const TURNS = Number(process.env['BENCH_TURNS'] ?? 400);
const WARMUP_TURNS = 50;
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'bench-auth-token';
const OUR_NUMBER = '+15550001111';
const PUBLIC_BASE_URL = 'https://bot.example.com';
const TWILIO_TIMEOUT_MS = 15_000;

/** One call: the answer, then a mix of speech, keypad, a low-confidence miss, silence, goodbye. */
const SCRIPT: Array<Record<string, string>> = [
  { SpeechResult: 'hello', Confidence: '0.93' },
  { SpeechResult: 'opening hours', Confidence: '0.88' },
  { Digits: '3' },
  { SpeechResult: 'mumble', Confidence: '0.2' },
  {},
  { SpeechResult: 'bye', Confidence: '0.95' },
];

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(baseUrl: string, path: string, params: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 204)
            return reject(new Error(`${path} answered ${res.statusCode}`));
          resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface BenchServer {
  server: SwitchboardServer;
  voice: VoiceChannel;
  baseUrl: string;
}

async function startServer(): Promise<BenchServer> {
  const redisUrl = process.env['REDIS_URL'] || undefined;
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, publicBaseUrl: PUBLIC_BASE_URL },
      redisUrl,
      webchat: { tokenSecrets: ['bench-secret-bench-secret-bench-secret-0001'] },
      channels: { twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: OUR_NUMBER } },
    },
  });
  const state = createStateServices({ redisUrl, keyPrefix: KEY_PREFIX });
  const readIntent = stubIntentReader();
  const mounted: { voice?: VoiceChannel } = {};
  const server = new SwitchboardServer({
    config,
    logger: createSilentLogger(),
    state,
    channels: [(runtime) => (mounted.voice = voiceChannel()(runtime))],
    bot: ({ conversationState, userState }) => createAcmeBot({ conversationState, userState, readIntent }),
  });
  const port = await server.start();
  return { server, voice: mounted.voice as VoiceChannel, baseUrl: `http://127.0.0.1:${port}` };
}

function callOf(call: number): Record<string, string> {
  return { CallSid: `CA${call.toString(16).padStart(32, '0')}`, From: '+15559990000', To: OUR_NUMBER };
}

/** Signed webhooks over HTTP, one call after another. */
async function runHttp(baseUrl: string, turns: number, firstCall: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let call = firstCall; latencies.length < turns; call++) {
    const base = callOf(call);
    latencies.push(await post(baseUrl, '/twilio/voice', { ...base, CallStatus: 'ringing' }));
    for (const input of SCRIPT) {
      latencies.push(
        await post(baseUrl, '/twilio/voice/gather', { ...base, CallStatus: 'in-progress', ...input }),
      );
    }
    await post(baseUrl, '/twilio/voice/status', { ...base, CallStatus: 'completed' });
  }
  return latencies.slice(0, turns);
}

/** The same turns through the adapter: pipeline, bot, state and TwiML, without HTTP. */
async function runDirect(bench: BenchServer, turns: number, firstCall: number): Promise<number[]> {
  const { adapter } = bench.voice;
  const logic = bench.server.logic;
  const timed = async (work: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const latencies: number[] = [];
  for (let call = firstCall; latencies.length < turns; call++) {
    const { call: info } = parseGather(callOf(call), OUR_NUMBER);
    latencies.push(await timed(() => adapter.answer(info, logic)));
    for (const input of SCRIPT) {
      const result = parseGather({ ...callOf(call), ...input }, OUR_NUMBER);
      latencies.push(await timed(() => adapter.hear(result, logic)));
    }
    await adapter.hangUp(info, logic);
  }
  return latencies.slice(0, turns);
}

function report(label: string, latencies: number[]): void {
  const summary = summarize(latencies);
  console.log(
    `  ${label}: p50 ${fmt(summary.p50)} ms   p99 ${fmt(summary.p99)} ms   mean ${fmt(summary.mean)} ms   (${summary.count} turns)`,
  );
}

async function main(): Promise<void> {
  const bench = await startServer();
  try {
    const store = process.env['REDIS_URL'] ? 'redis' : 'memory';
    console.log(`voice turn latency: ${store} state, sequential calls, stub intents`);
    await runHttp(bench.baseUrl, WARMUP_TURNS, 0);
    report('signed webhook over HTTP', await runHttp(bench.baseUrl, TURNS, 1_000));
    await runDirect(bench, WARMUP_TURNS, 100_000);
    report('adapter turn, no HTTP   ', await runDirect(bench, TURNS, 200_000));
    const load = loadavg()[0] ?? 0;
    console.log(`  load average ${fmt(load)} on ${cpus().length} cores (client and server share them)`);
    console.log(`  Twilio's webhook timeout is ${TWILIO_TIMEOUT_MS} ms; target p99 < 1000 ms`);
  } finally {
    agent.destroy();
    await bench.server.close();
    const redisUrl = process.env['REDIS_URL'];
    if (redisUrl) await unlinkPrefix(redisUrl, KEY_PREFIX);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
