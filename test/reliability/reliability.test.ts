/**
 * Reliability under faults, on real processes: 2 web processes and 1 worker (`serve --role`) on the
 * shared Redis (a dedicated key prefix), customers over web chat, SMS and Slack. Every scenario
 * asserts that no customer message was lost, answered twice, or answered out of order.
 */
import { Redis } from 'ioredis';
import { quitRedis } from '../../src/state/redis-connection';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../support/services';
import { agentDisconnectScenario } from './agent-scenario';
import { Harness } from './harness';
import { startPrivateRedis } from './private-redis';
import { formatTally, type Tally } from './tally';

/** Each scenario is bounded (customers retry for at most 45 s per message); the cluster starts in ≤ 90 s. */
jest.setTimeout(180_000);

const report: string[] = [];

function expectClean(name: string, tally: Tally): void {
  report.push(formatTally(name, tally));
  expect({ lost: tally.lost, duplicated: tally.duplicated, outOfOrder: tally.outOfOrder }).toEqual({
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
  });
  expect(tally.replies).toBe(tally.sent);
}

afterAll(() => {
  if (report.length > 0) process.stdout.write(`\nReliability report\n${report.join('\n')}\n`);
});

describeWithRedis('reliability: 2 web processes + 1 worker on one Redis', (redisUrl) => {
  const keyPrefix = uniquePrefix('reliability');
  let harness: Harness | undefined;

  beforeAll(async () => {
    harness = await Harness.start({ redisUrl: redisUrl(), keyPrefix, web: 2, workers: 1 });
  }, 150_000);

  afterAll(async () => {
    await harness?.close();
    const redis = new Redis(redisUrl());
    await cleanupRedisPrefix(redis, keyPrefix);
    await quitRedis(redis);
  });

  const cluster = (): Harness => {
    if (!harness) throw new Error('the cluster did not start');
    return harness;
  };

  it('kill -9 of a web process mid-conversation: every message answered once, in order', async () => {
    const h = cluster();
    let killedMidTraffic = false;
    const { tally } = await h.webChat(20, 8, async (stillTalking) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      // The restarted process takes a while to load its models: the traffic may end before.
      await h.killAndRestartWeb(0, 1_000, () => {
        killedMidTraffic = stillTalking();
      });
    });
    expect(killedMidTraffic).toBe(true);
    expectClean('web chat, kill -9 of a web process', tally);
  });

  it('duplicate webhook deliveries (Twilio and Slack retries to another process): answered once', async () => {
    const { sms, slack } = await cluster().webhooks({
      sms: 4,
      slack: 4,
      messages: 2,
      duplicate: true,
      settleMs: 1_000,
    });
    expectClean('SMS, every webhook delivered twice', sms);
    expectClean('Slack, every event delivered twice', slack);
  });

  it('platform APIs answering 500 and 429 for a while: replies retried by the worker, sent once', async () => {
    const h = cluster();
    h.twilio.failWith({ status: 500, times: 4 });
    h.slack.serverError(3, 500, 'chat.postMessage');
    h.slack.rateLimit(3, 1, 'chat.postMessage');
    const { sms, slack } = await h.webhooks({
      sms: 3,
      slack: 3,
      messages: 2,
      duplicate: false,
      settleMs: 4_000,
    });
    h.twilio.failWith(undefined);
    h.slack.heal();
    const failedSlack = h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status >= 429);
    report.push(
      `  (the fake Slack API failed ${failedSlack.length} chat.postMessage calls; Twilio 4 messages.create)`,
    );
    expect(failedSlack.length).toBeGreaterThan(0);
    expectClean('SMS, Twilio 500s', sms);
    expectClean('Slack, 500s then 429s', slack);
  });

  it('an agent console disconnecting mid-chat: every customer message reaches the agent once, in order', async () => {
    const tally = await agentDisconnectScenario(cluster().targets());
    expectClean('web chat + console, agent disconnect', tally);
  });
});

describeWithRedis('reliability: Redis restart with persistence during traffic', () => {
  let harness: Harness | undefined;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;

  beforeAll(async () => {
    // A separate redis-server: the shared one at 6379 is never restarted.
    redis = await startPrivateRedis();
    harness = await Harness.start({ redisUrl: redis.url, keyPrefix: 'swb:', web: 2, workers: 1 });
  }, 150_000);

  afterAll(async () => {
    await harness?.close();
    await redis?.stop();
  });

  it('restarting Redis (AOF on) mid-traffic loses, duplicates and reorders nothing', async () => {
    const h = harness as Harness;
    const { tally, overlapped } = await h.webChat(10, 12, async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis?.restart(1_000);
    });
    expect(overlapped).toBe(true);
    expectClean('web chat, Redis restart', tally);
  });
});
