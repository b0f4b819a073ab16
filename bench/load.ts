/**
 * Load benchmark: N concurrent web chat conversations over HTTP against web processes
 * (`serve --role web`) on one Redis, no stickiness (each request goes to the next process).
 * Reports throughput, p50/p99 turn latency, errors, RSS per process over time, and — unless
 * `--web` is given — the same load on 1 process vs 2 for the scaling factor.
 *
 * Usage: `npm run bench:load -- [--seconds 60] [--conversations 1000] [--web 2] [--think-ms 0]`
 * Needs REDIS_URL (default redis://127.0.0.1:6379); keys go under a throwaway prefix, deleted after.
 * This script is the client, in its own process; servers are child processes.
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { unlinkPrefix } from './lib/redis-prefix';
import { type ServeProcess, startServe } from './lib/serve-process';
import { fmt, summarize } from './lib/stats';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    conversations: { type: 'string', default: '1000' },
    web: { type: 'string' },
    'think-ms': { type: 'string', default: '0' },
  },
});
const SECONDS = Number(values.seconds);
const CONVERSATIONS = Number(values.conversations);
const THINK_MS = Number(values['think-ms']);
const WARMUP_S = 5;
const SAMPLE_EVERY_MS = 5_000;
/** Re-sends of one message after connection failures before it counts as an error. */
const MAX_RESENDS = 3;
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN_SECRET = 'bench-load-secret-bench-load-secret-0123456789';
const TEXTS = ['hello', 'what are your opening hours', 'thank you', 'how do I order a new card', 'bye'];

interface RunResult {
  web: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  /** Error answers by HTTP status (0: connection failed). */
  errorStatuses: Record<string, number>;
  /** Requests re-sent (same client message id) after a reset keep-alive connection. */
  resent: number;
  turns: number;
  rss: Array<{ port: number; samplesMb: number[]; slopeMbPerMin: number }>;
}

function post(agent: Agent, port: number, path: string, body: string, token?: string): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function session(agent: Agent, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/webchat/session',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': 2 },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve((JSON.parse(text) as { token: string }).token));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

/** Least-squares slope of samples taken every SAMPLE_EVERY_MS, in MB per minute. */
function slopePerMinute(samples: number[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((_, i) => (i * SAMPLE_EVERY_MS) / 60_000);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((samples[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return num / den;
}

async function run(webCount: number, basePort: number): Promise<RunResult> {
  const prefix = `swb-bench-load-${process.pid}-${webCount}:`;
  const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, WEBCHAT_TOKEN_SECRETS: TOKEN_SECRET };
  const servers: ServeProcess[] = await Promise.all(
    Array.from({ length: webCount }, (_, i) => startServe('web', basePort + i, env)),
  );
  const agents = servers.map(() => new Agent({ keepAlive: true, maxSockets: CONVERSATIONS }));
  const latencies: number[] = [];
  let errors = 0;
  let resent = 0;
  const errorStatuses: Record<string, number> = {};
  let turns = 0;
  const rss = servers.map((s) => ({ port: s.port, samplesMb: [] as number[], slopeMbPerMin: 0 }));
  const started = Date.now();
  const warmUntil = started + WARMUP_S * 1000;
  const until = warmUntil + SECONDS * 1000;
  const sampler = setInterval(() => {
    if (Date.now() < warmUntil) return;
    servers.forEach((s, i) => {
      rss[i]?.samplesMb.push(s.rssMb());
    });
  }, SAMPLE_EVERY_MS);
  let next = 0;
  const pick = () => next++ % servers.length;
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, id) => {
      const first = pick();
      const token = await session(agents[first] as Agent, (servers[first] as ServeProcess).port);
      for (let n = 0; Date.now() < until; n++) {
        const target = pick();
        const body = JSON.stringify({
          type: 'message',
          clientMessageId: `c${id}-${n}`,
          text: TEXTS[n % TEXTS.length],
        });
        const t0 = process.hrtime.bigint();
        const send = () =>
          post(
            agents[target] as Agent,
            (servers[target] as ServeProcess).port,
            '/webchat/messages',
            body,
            token,
          );
        let status = await send();
        // A pooled keep-alive socket the server closed while idle fails at once (status 0): re-send
        // with the same client message id, as a real client does — the protocol makes it idempotent.
        for (let again = 0; status === 0 && again < MAX_RESENDS; again++) {
          resent++;
          status = await send();
        }
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (Date.now() >= warmUntil) {
          if (status === 200) {
            turns++;
            latencies.push(ms);
          } else {
            errors++;
            errorStatuses[status] = (errorStatuses[status] ?? 0) + 1;
          }
        }
        if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS));
      }
    }),
  );
  clearInterval(sampler);
  for (const agent of agents) agent.destroy();
  for (const r of rss) r.slopeMbPerMin = slopePerMinute(r.samplesMb);
  await Promise.all(servers.map((s) => s.stop()));
  await deletePrefix(prefix);
  const summary = summarize(latencies);
  return {
    web: webCount,
    throughput: turns / SECONDS,
    p50: summary.p50,
    p99: summary.p99,
    errors,
    errorStatuses,
    resent,
    turns,
    rss,
  };
}

async function deletePrefix(prefix: string): Promise<void> {
  await unlinkPrefix(REDIS_URL, prefix);
}

function print(result: RunResult): void {
  console.log(
    `${String(result.web).padStart(3)} web  ${fmt(result.throughput, 0).padStart(7)} turns/s  p50 ${fmt(result.p50, 1).padStart(7)} ms  p99 ${fmt(result.p99, 1).padStart(7)} ms  errors ${result.errors} ${JSON.stringify(result.errorStatuses)}  re-sent after reset ${result.resent}`,
  );
  for (const r of result.rss) {
    const s = r.samplesMb;
    console.log(
      `      port ${r.port} RSS MB: first ${fmt(s[0] ?? Number.NaN, 0)}, last ${fmt(s[s.length - 1] ?? Number.NaN, 0)}, max ${fmt(Math.max(...s), 0)}, trend ${fmt(r.slopeMbPerMin, 1)} MB/min (${s.map((x) => x.toFixed(0)).join(' ')})`,
    );
  }
}

async function main(): Promise<void> {
  const counts = values.web ? [Number(values.web)] : [2, 1];
  const basePort = 41000 + (process.pid % 500) * 4;
  console.log(
    `Load: ${CONVERSATIONS} concurrent web chat conversations over HTTP, ${SECONDS} s (after ${WARMUP_S} s warm-up), think time ${THINK_MS} ms, Redis ${REDIS_URL.replace(/\/\/.*@/, '//')}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const results: RunResult[] = [];
  for (const [i, count] of counts.entries()) {
    const result = await run(count, basePort + i * 2);
    print(result);
    results.push(result);
  }
  const one = results.find((r) => r.web === 1);
  const two = results.find((r) => r.web === 2);
  if (one && two)
    console.log(`scaling factor 1 → 2 web processes: ${fmt(two.throughput / one.throughput, 2)}×`);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    JSON.stringify({
      bench: 'load',
      conversations: CONVERSATIONS,
      seconds: SECONDS,
      thinkMs: THINK_MS,
      results,
    }),
  );
  process.exit(results.some((r) => r.errors > 0) ? 1 : 0);
}

void main();
