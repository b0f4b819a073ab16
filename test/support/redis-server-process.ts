/**
 * Starts and stops a throwaway `redis-server` for the test run (used by jest's global setup and
 * teardown, which run in the same parent process).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the started server's pid and URL are kept for the teardown (same jest parent process). */
const STATE_FILE = join(tmpdir(), `switchboard-jest-redis-${process.pid}.json`);

interface StartedServer {
  url: string;
  pid: number;
}

/** How long a starting server may take to answer PING. */
const START_TIMEOUT_MS = 10_000;

/** Pause between PING attempts while the server starts. */
const PING_RETRY_MS = 50;

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Starts `redis-server` on a free loopback port; resolves with its URL once it answers PING. */
export async function startRedisServer(): Promise<StartedServer> {
  const port = await freeLoopbackPort();
  const args = [
    '--save',
    '',
    '--appendonly',
    'no',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    tmpdir(),
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  child.unref();
  try {
    await waitForPing(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (child.pid === undefined) throw new Error('redis-server started without a pid');
  const started: StartedServer = { url: `redis://127.0.0.1:${port}`, pid: child.pid };
  writeFileSync(STATE_FILE, JSON.stringify(started));
  return started;
}

/**
 * Stops the server that {@link startRedisServer} started in this process (and only that one),
 * waits until it is gone, and unsets `REDIS_URL` if it pointed there (watch mode reruns setup).
 */
export async function stopRedisServer(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { url, pid } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StartedServer;
  rmSync(STATE_FILE, { force: true });
  if (process.env.REDIS_URL === url) delete process.env.REDIS_URL;
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; isAlive(pid) && waited < START_TIMEOUT_MS; waited += PING_RETRY_MS) {
    await sleep(PING_RETRY_MS);
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function freeLoopbackPort(): Promise<number> {
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

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited with code ${child.exitCode} on port ${port}`);
    if (await answersPing(port)) return;
    await sleep(PING_RETRY_MS);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
