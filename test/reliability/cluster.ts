/**
 * Real Switchboard processes for the reliability harness: `serve --role web|worker` children
 * (tsx, no build) on one Redis, with the platform APIs pointed at fakes in the parent process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Shared by every process of a cluster, so that any web process accepts any session. */
export const HARNESS_TOKEN_SECRET = 'reliability-secret-reliability-secret-0123456789';
export const TWILIO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_AUTH_TOKEN = 'reliability-auth-token-0123456789';
export const OUR_NUMBER = '+15550001111';
export const PUBLIC_BASE_URL = 'https://bot.example.com';
export const SLACK_SIGNING_SECRET = 'reliability-signing-secret-0123456789';
export const SLACK_BOT_TOKEN = 'xoxb-reliability-token';

/** A process loads the NLU model and the FAQ before it listens; on a busy 2-core machine that takes a while. */
const START_TIMEOUT_MS = 90_000;
const REPO_ROOT = join(__dirname, '..', '..');

/** What every process of a cluster shares. */
export interface ClusterSettings {
  redisUrl: string;
  keyPrefix: string;
  twilioApiUrl: string;
  slackApiUrl: string;
  slackTeamId: string;
  /** Short, so that a killed process's lock and dedupe lease lapse within a scenario. */
  turnLockTtlMs: number;
}

/** One running `serve` child. */
export interface SwitchboardProcess {
  readonly role: 'web' | 'worker';
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the child exits. */
  readonly exited: Promise<string>;
}

/** A free loopback port (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function environment(settings: ClusterSettings, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    PUBLIC_BASE_URL,
    REDIS_URL: settings.redisUrl,
    REDIS_KEY_PREFIX: settings.keyPrefix,
    WEBCHAT_TOKEN_SECRETS: HARNESS_TOKEN_SECRET,
    SHUTDOWN_TIMEOUT_MS: '5000',
    TURN_LOCK_TTL_MS: String(settings.turnLockTtlMs),
    RATE_LIMITS_ENABLED: 'false',
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: OUR_NUMBER,
    TWILIO_API_BASE_URL: settings.twilioApiUrl,
    SLACK_SIGNING_SECRET,
    SLACK_BOT_TOKEN,
    SLACK_TEAM_ID: settings.slackTeamId,
    SLACK_API_URL: settings.slackApiUrl,
  };
}

/** Starts `serve --role <role>` and resolves once it listens. */
export async function startProcess(
  settings: ClusterSettings,
  role: 'web' | 'worker',
  port?: number,
): Promise<SwitchboardProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'switchboard.js'), 'serve', '--role', role, '--port', String(chosen)],
    { cwd: REPO_ROOT, env: environment(settings, chosen), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start: ${stderr}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('process running')) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited (${how}) before listening: ${stderr}`));
    });
  });
  child.stdout?.resume();
  return { role, port: chosen, baseUrl: `http://127.0.0.1:${chosen}`, child, exited };
}

/** Sends `signal` and waits for the exit (SIGKILL after `graceMs`); safe on an exited child. */
export async function stopProcess(
  processToStop: SwitchboardProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 15_000,
): Promise<string> {
  const { child, exited } = processToStop;
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
