/**
 * Web chat turn throughput and latency over HTTP at 50 concurrent conversations: the embedded
 * default and Redis, against a bare express echo server measured in the same run.
 *
 * Each server runs in its own process (one core for the server, one for this load generator).
 * Usage: `npm run bench:webchat` (env: BENCH_SECONDS, BENCH_CONCURRENCY, REDIS_URL, and
 * BENCH_VARIANTS, a comma list of pipeline,pipeline-redis,embedded,redis; echo always runs;
 * BENCH_SERVER_NODE_ARGS, extra node flags for the server processes, e.g. `--cpu-prof`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fmt, type LatencySummary, summarize } from './lib/stats';

const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 50);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP_SECONDS = 2;
const MESSAGES = ['hello', 'help', 'what are your opening hours', 'I lost my card', 'bye'];

/** One variant's figures. */
export interface VariantResult extends LatencySummary {
  variant: string;
  throughput: number;
  errors: number;
}

/** Extra node flags for the server processes (e.g. `--cpu-prof`), from `BENCH_SERVER_NODE_ARGS`. */
function serverNodeArgs(): string[] {
  return (process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
}

/** Starts a variant's server process (bench/lib/webchat-bench-server.ts); resolves when it is ready. */
export function startServer(variant: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...serverNodeArgs(), '--import', 'tsx', 'bench/lib/webchat-bench-server.ts', variant, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
}

function post(
  agent: Agent,
  port: number,
  path: string,
  body: string,
  token?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (token) headers['authorization'] = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One simulated customer: a session, then messages in a loop until `until` (latencies after `warmUntil`). */
export async function conversation(
  agent: Agent,
  port: number,
  until: number,
  warmUntil: number,
  latencies: number[],
  counts: { ok: number; errors: number },
  id: number,
): Promise<void> {
  const session = JSON.parse((await post(agent, port, '/webchat/session', '{}')).text) as { token: string };
  let n = 0;
  while (Date.now() < until) {
    const text = MESSAGES[n % MESSAGES.length] as string;
    const body = JSON.stringify({ type: 'message', clientMessageId: `c${id}-${n++}`, text });
    const start = process.hrtime.bigint();
    const res = await post(agent, port, '/webchat/messages', body, session.token);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (Date.now() < warmUntil) continue;
    if (res.status === 200) {
      counts.ok++;
      latencies.push(ms);
    } else counts.errors++;
  }
}

/** Starts a variant's server process, drives it for BENCH_SECONDS, stops it (also used by bench/analytics.ts). */
export async function measure(variant: string, port: number): Promise<VariantResult> {
  const child = await startServer(variant, port);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const counts = { ok: 0, errors: 0 };
  const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
  const until = warmUntil + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      conversation(agent, port, until, warmUntil, latencies, counts, i),
    ),
  );
  agent.destroy();
  child.kill('SIGTERM');
  return { variant, throughput: counts.ok / SECONDS, errors: counts.errors, ...summarize(latencies) };
}

/** Every variant, in the order measured (bench/lib/webchat-bench-server.ts says what each runs). */
const ALL_VARIANTS = ['echo', 'pipeline', 'pipeline-redis', 'embedded', 'redis'];

async function main(): Promise<void> {
  const base = 40000 + (process.pid % 1000) * ALL_VARIANTS.length;
  const chosen = (process.env['BENCH_VARIANTS'] ?? ALL_VARIANTS.join(',')).split(',');
  const variants = ['echo', ...ALL_VARIANTS.filter((v) => v !== 'echo' && chosen.includes(v))];
  const results: VariantResult[] = [];
  for (const [i, variant] of variants.entries()) results.push(await measure(variant, base + i));
  const echo = results[0] as VariantResult;
  console.log(
    `\nWeb chat turns over HTTP, ${CONCURRENCY} concurrent conversations, ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up)\n`,
  );
  console.log('variant          turns/s   p50 ms   p99 ms  errors  vs echo');
  for (const r of results) {
    const ratio = (100 * r.throughput) / echo.throughput;
    console.log(
      `${r.variant.padEnd(15)} ${fmt(r.throughput, 0).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${String(r.errors).padStart(7)} ${fmt(ratio, 1).padStart(7)}%`,
    );
  }
  console.log(JSON.stringify({ bench: 'webchat', concurrency: CONCURRENCY, seconds: SECONDS, results }));
}

if (require.main === module) void main();
