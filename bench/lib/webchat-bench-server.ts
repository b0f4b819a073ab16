/**
 * A server process for the web chat benchmark, started by bench/webchat-throughput.ts:
 * `tsx bench/lib/webchat-bench-server.ts <echo|embedded|redis> <port>`; prints `ready <port>`.
 */
import express from 'express';
import { loadConfig } from '../../src/config/load-config';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { loadDemoParts } from '../../src/demo/load-demo-parts';
import { createSilentLogger } from '../../src/logging/logger';
import { createStateServices } from '../../src/state/state-services';

const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0001';

async function startEcho(port: number): Promise<void> {
  const app = express();
  app.use(express.json());
  app.post('/webchat/messages', (req, res) => {
    res.json({ messages: [{ seq: 1, from: 'bot', text: String((req.body as { text?: unknown }).text) }] });
  });
  app.post('/webchat/session', (_req, res) => {
    res.status(201).json({ token: 'echo', userId: 'u', conversationId: 'c' });
  });
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
}

async function startSwitchboard(port: number, redisUrl: string | undefined): Promise<void> {
  const logger = createSilentLogger();
  const config = loadConfig({
    env: {},
    overrides: { server: { port }, redisUrl, webchat: { tokenSecrets: [BENCH_SECRET] } },
  });
  const state = createStateServices({ redisUrl, keyPrefix: `bench:${process.pid}:` });
  const parts = await loadDemoParts({ config, logger, watch: false, memoryFeedback: true });
  const server = createDemoServer({ config, logger, state, ...parts });
  await server.start();
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const [variant, portText] = process.argv.slice(2);
  const port = Number(portText);
  if (variant === 'echo') await startEcho(port);
  else if (variant === 'embedded') await startSwitchboard(port, undefined);
  else if (variant === 'redis')
    await startSwitchboard(port, process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  else throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`ready ${port}\n`);
}

void main();
