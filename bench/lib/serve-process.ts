/** Starts `switchboard serve --role <role>` as a child process for benchmarks (tsx, no build). */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');
/** Loading the NLU model and the FAQ on a busy machine takes a while. */
const START_TIMEOUT_MS = 120_000;

/** A running server process. */
export interface ServeProcess {
  port: number;
  child: ChildProcess;
  /** Resident set size now, in MB (from /proc; NaN where there is none). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts one process with `env` added to the benchmark's environment; resolves once it listens. */
export async function startServe(
  role: 'web' | 'worker' | 'all',
  port: number,
  env: NodeJS.ProcessEnv,
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'switchboard.js'), 'serve', '--role', role, '--port', String(port)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMITS_ENABLED: 'false', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve --role ${role} did not start`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('process running')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve --role ${role} exited with ${code}`)));
  });
  child.stdout?.resume();
  return {
    port,
    child,
    rssMb: () => readRssMb(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

function readRssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}
