/**
 * Web chat turn throughput and latency over HTTP at 50 concurrent conversations: the embedded
 * default and Redis, against a bare express echo server measured in the same run.
 *
 * Each server runs in its own process (one core for the server, one for this load generator).
 * Usage: `npm run bench:webchat` (env: BENCH_SECONDS, BENCH_CONCURRENCY, REDIS_URL, and
 * BENCH_ROUNDS (default 3: echo then each variant, repeated; medians of the ratios),
 * BENCH_VARIANTS, a comma list of pipeline,pipeline-redis,embedded,redis; echo always runs;
 * BENCH_SERVER_NODE_ARGS, extra node flags for the server processes, e.g. `--cpu-prof`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { processCpuMs, redisCpuMs } from './lib/process-cpu';
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
  /** Server process CPU (user + system) per turn, µs; undefined where /proc is not available. */
  serverCpuUs?: number;
  /** Redis server CPU per turn, µs (the whole server: other clients' work included). */
  redisCpuUs?: number;
}

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** CPU counters of the server process and of Redis, read at the start and end of a measurement. */
async function cpuSnapshot(child: ChildProcess, withRedis: boolean) {
  return { server: processCpuMs(child.pid), redis: withRedis ? await redisCpuMs(REDIS_URL) : undefined };
}

function perTurnUs(before: number | undefined, after: number | undefined, turns: number): number | undefined {
  return before === undefined || after === undefined || turns === 0
    ? undefined
    : ((after - before) * 1000) / turns;
}

/**
 * Stops a server process and waits for it to exit (it deletes its Redis keys first), so that the
 * next measurement starts on a quiet machine and a clean Redis; gives up after 30 s.
 */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
  await Promise.race([exited, timeout]);
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
  const withRedis = variant.includes('redis');
  let before: Awaited<ReturnType<typeof cpuSnapshot>> | undefined;
  const snapshot = setTimeout(() => {
    void cpuSnapshot(child, withRedis).then((s) => {
      before = s;
    });
  }, WARMUP_SECONDS * 1000);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      conversation(agent, port, until, warmUntil, latencies, counts, i),
    ),
  );
  clearTimeout(snapshot);
  const after = await cpuSnapshot(child, withRedis);
  agent.destroy();
  await stopServer(child);
  return {
    variant,
    throughput: counts.ok / SECONDS,
    errors: counts.errors,
    serverCpuUs: perTurnUs(before?.server, after.server, counts.ok),
    redisCpuUs: perTurnUs(before?.redis, after.redis, counts.ok),
    ...summarize(latencies),
  };
}

/** Every variant, in the order measured (bench/lib/webchat-bench-server.ts says what each runs). */
const ALL_VARIANTS = ['echo', 'pipeline', 'pipeline-redis', 'embedded', 'redis'];

/** One variant's figures in one round, with its ratio to that round's echo. */
interface RoundResult extends VariantResult {
  round: number;
  ratio: number;
}

function usText(us: number | undefined): string {
  return us === undefined ? '-' : fmt(us, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function printRound(round: number, results: RoundResult[]): void {
  console.log(
    `\nround ${round}: variant  turns/s   p50 ms   p99 ms  errors  vs echo  server µs/turn  redis µs/turn`,
  );
  for (const r of results) {
    console.log(
      `  ${r.variant.padEnd(15)} ${fmt(r.throughput, 0).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p99).padStart(8)} ${String(r.errors).padStart(7)} ${fmt(r.ratio, 1).padStart(7)}% ${usText(r.serverCpuUs).padStart(15)} ${usText(r.redisCpuUs).padStart(14)}`,
    );
  }
}

/**
 * Measures every chosen variant right after an echo run, `BENCH_ROUNDS` times (default 3), and
 * reports each variant's median ratio to the echo of its own round: background load that comes
 * and goes on a shared machine moves both halves of a ratio, and the median drops an odd round.
 */
async function main(): Promise<void> {
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const base = 40000 + (process.pid % 400) * 50;
  const chosen = (process.env['BENCH_VARIANTS'] ?? ALL_VARIANTS.join(',')).split(',');
  const variants = ALL_VARIANTS.filter((v) => v !== 'echo' && chosen.includes(v));
  const all: RoundResult[] = [];
  let port = base;
  for (let round = 1; round <= rounds; round++) {
    const echo = await measure('echo', port++);
    const results: RoundResult[] = [{ ...echo, round, ratio: 100 }];
    for (const variant of variants) {
      const r = await measure(variant, port++);
      results.push({ ...r, round, ratio: (100 * r.throughput) / echo.throughput });
    }
    printRound(round, results);
    all.push(...results);
  }
  console.log(
    `\nWeb chat turns over HTTP, ${CONCURRENCY} concurrent conversations, ${SECONDS} s per run (after ${WARMUP_SECONDS} s warm-up), ${rounds} rounds; medians:\n`,
  );
  console.log('variant          turns/s   p50 ms   p99 ms  vs echo  server µs/turn  redis µs/turn');
  for (const variant of ['echo', ...variants]) {
    const mine = all.filter((r) => r.variant === variant);
    const m = (pick: (r: RoundResult) => number | undefined): number | undefined => {
      const values = mine.map(pick).filter((v): v is number => v !== undefined);
      return values.length ? median(values) : undefined;
    };
    const cells = [
      fmt(m((r) => r.throughput) ?? 0, 0).padStart(8),
      fmt(m((r) => r.p50) ?? 0).padStart(8),
      fmt(m((r) => r.p99) ?? 0).padStart(8),
      `${fmt(m((r) => r.ratio) ?? 0, 1).padStart(7)}%`,
      usText(m((r) => r.serverCpuUs)).padStart(15),
      usText(m((r) => r.redisCpuUs)).padStart(14),
    ];
    console.log(`${variant.padEnd(15)} ${cells.join(' ')}`);
  }
  console.log(
    JSON.stringify({ bench: 'webchat', concurrency: CONCURRENCY, seconds: SECONDS, rounds, results: all }),
  );
}

if (require.main === module) void main();
