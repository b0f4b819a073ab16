/**
 * A server process for the web chat benchmark, started by bench/webchat-throughput.ts:
 * `tsx bench/lib/webchat-bench-server.ts <variant> <port>`; prints `ready <port>`.
 *
 * Variants: `echo` (bare express), `pipeline` / `pipeline-redis` (the framework: web chat channel
 * and the whole turn pipeline — error boundary, dedupe, turn lock, conversation reference,
 * transcript, conversation state load and save, reply log — around a one-line stateful bot),
 * `embedded` / `redis` (the whole Acme Bank demo: NLU, FAQ retrieval, dialogs, handoff gate).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { loadConfig } from '../../src/config/load-config';
import { createDemoServer, type DemoServerOptions } from '../../src/demo/create-demo-server';
import { loadDemoParts } from '../../src/demo/load-demo-parts';
import { createSilentLogger } from '../../src/logging/logger';
import { SwitchboardServer } from '../../src/server/switchboard-server';
import { createStateServices } from '../../src/state/state-services';
import { unlinkPrefix } from './redis-prefix';

const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0001';
/** This server's Redis keys; deleted when it stops. */
const KEY_PREFIX = `bench:${process.pid}:`;

/** A silent logger, the configuration and the state services of a bench server. */
function benchRuntime(port: number, redisUrl: string | undefined) {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port },
      redisUrl,
      redisKeyPrefix: KEY_PREFIX,
      webchat: { tokenSecrets: [BENCH_SECRET] },
    },
  });
  const state = createStateServices({ redisUrl, keyPrefix: KEY_PREFIX });
  return { logger: createSilentLogger(), config, state };
}

/** On SIGTERM: close the server, delete this run's Redis keys, exit. */
function stopOnSigterm(server: { close(): Promise<void> }, redisUrl: string | undefined): void {
  process.once('SIGTERM', () => {
    void server
      .close()
      .then(() => (redisUrl ? unlinkPrefix(redisUrl, KEY_PREFIX) : 0))
      .finally(() => process.exit(0));
  });
}

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

async function startSwitchboard(
  port: number,
  redisUrl: string | undefined,
  analytics?: DemoServerOptions['analytics'],
): Promise<void> {
  const { logger, config, state } = benchRuntime(port, redisUrl);
  const parts = await loadDemoParts({ config, logger, watch: false, memoryFeedback: true });
  const server = createDemoServer({ config, logger, state, ...parts, analytics });
  await server.start();
  stopOnSigterm(server, redisUrl);
}

/**
 * The framework alone: the real server, channel and pipeline, with a bot that counts the
 * conversation's turns in conversation state and echoes the text.
 */
async function startPipeline(port: number, redisUrl: string | undefined): Promise<void> {
  const { logger, config, state } = benchRuntime(port, redisUrl);
  const server = new SwitchboardServer({
    config,
    logger,
    state,
    bot: ({ conversationState }) => {
      const turns = conversationState.createProperty<number>('turns');
      return async (context) => {
        const n = ((await turns.get(context, 0)) ?? 0) + 1;
        await turns.set(context, n);
        await context.sendActivity(`${n}: ${context.activity.text ?? ''}`);
        await conversationState.saveChanges(context);
      };
    },
  });
  await server.start();
  stopOnSigterm(server, redisUrl);
}

async function main(): Promise<void> {
  const [variant, portText] = process.argv.slice(2);
  const port = Number(portText);
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  if (variant === 'echo') await startEcho(port);
  else if (variant === 'pipeline') await startPipeline(port, undefined);
  else if (variant === 'pipeline-redis') await startPipeline(port, redisUrl);
  else if (variant === 'embedded') await startSwitchboard(port, undefined);
  else if (variant === 'redis') await startSwitchboard(port, redisUrl);
  // bench/analytics.ts: the embedded demo with analytics off, and on (SQLite file in a temp folder).
  else if (variant === 'embedded-analytics-off') await startSwitchboard(port, undefined, false);
  else if (variant === 'embedded-analytics-on')
    await startSwitchboard(port, undefined, {
      sqlitePath:
        process.env['BENCH_ANALYTICS_SQLITE'] ?? join(tmpdir(), `swb-bench-analytics-${process.pid}.sqlite`),
    });
  else throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`ready ${port}\n`);
}

void main();
