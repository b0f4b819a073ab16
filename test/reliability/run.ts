/**
 * `npm run reliability`: the reliability scenarios with bigger numbers than the jest suite, on
 * real processes. Usage: `npm run reliability -- [--web 3] [--workers 2] [--customers 100]
 * [--messages 10]`. Needs REDIS_URL (default redis://127.0.0.1:6379; a throwaway key prefix is
 * used and deleted) and `redis-server` on PATH for the Redis-restart scenario (a private server on a
 * free port: the shared one is never restarted). Exits 1 unless lost, duplicated and out-of-order
 * are all 0.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { cleanupRedisPrefix, uniquePrefix } from '../support/services';
import { agentDisconnectScenario } from './agent-scenario';
import { Harness } from './harness';
import { sleep } from './http-client';
import { startPrivateRedis } from './private-redis';
import { addTally, emptyTally, formatTally, type Tally } from './tally';

const { values } = parseArgs({
  options: {
    web: { type: 'string', default: '3' },
    workers: { type: 'string', default: '2' },
    customers: { type: 'string', default: '100' },
    messages: { type: 'string', default: '10' },
  },
});
const WEB = Number(values.web);
const WORKERS = Number(values.workers);
const CUSTOMERS = Number(values.customers);
const MESSAGES = Number(values.messages);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function sharedRedisScenarios(lines: string[]): Promise<Tally> {
  const keyPrefix = uniquePrefix('reliability-run');
  const harness = await Harness.start({ redisUrl: REDIS_URL, keyPrefix, web: WEB, workers: WORKERS });
  let total = emptyTally();
  const record = (name: string, tally: Tally) => {
    lines.push(formatTally(name, tally));
    total = addTally(total, tally);
  };
  try {
    const killed = await harness.webChat(CUSTOMERS, MESSAGES, async () => {
      await sleep(1_000);
      await harness.killAndRestartWeb(0, 1_000);
    });
    record('web chat, kill -9 of a web process', killed.tally);
    const webhookCustomers = Math.max(2, Math.round(CUSTOMERS / 5));
    const duplicates = await harness.webhooks({
      sms: webhookCustomers,
      slack: webhookCustomers,
      messages: 3,
      duplicate: true,
      settleMs: 1_000,
    });
    record('SMS, every webhook delivered twice', duplicates.sms);
    record('Slack, every event delivered twice', duplicates.slack);
    harness.twilio.failWith({ status: 500, times: webhookCustomers });
    harness.slack.serverError(webhookCustomers, 500, 'chat.postMessage');
    harness.slack.rateLimit(webhookCustomers, 1, 'chat.postMessage');
    const faults = await harness.webhooks({
      sms: webhookCustomers,
      slack: webhookCustomers,
      messages: 2,
      duplicate: false,
      settleMs: 4_000,
    });
    record('SMS, Twilio 500s', faults.sms);
    record('Slack, 500s then 429s', faults.slack);
    record('web chat + console, agent disconnect', await agentDisconnectScenario(harness.targets()));
  } finally {
    await harness.close();
    const redis = new Redis(REDIS_URL);
    await cleanupRedisPrefix(redis, keyPrefix);
    await redis.quit();
  }
  return total;
}

async function redisRestartScenario(lines: string[]): Promise<Tally> {
  const redis = await startPrivateRedis();
  const harness = await Harness.start({ redisUrl: redis.url, keyPrefix: 'swb:', web: WEB, workers: WORKERS });
  try {
    const { tally } = await harness.webChat(CUSTOMERS, MESSAGES, async () => {
      await sleep(1_000);
      await redis.restart(2_000);
    });
    lines.push(formatTally('web chat, Redis restart (AOF)', tally));
    return tally;
  } finally {
    await harness.close();
    await redis.stop();
  }
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const total = addTally(await sharedRedisScenarios(lines), await redisRestartScenario(lines));
  console.log(
    `\nReliability: ${WEB} web + ${WORKERS} workers, ${CUSTOMERS} web chat customers × ${MESSAGES} messages`,
  );
  for (const line of lines) console.log(line);
  console.log(formatTally('total', total));
  const clean = total.lost === 0 && total.duplicated === 0 && total.outOfOrder === 0;
  console.log(JSON.stringify({ reliability: total, clean }));
  process.exit(clean ? 0 : 1);
}

void main();
