/**
 * Cost of the negative-surge detector per customer message (it runs after the reply, off the
 * turn's path, but its CPU and Redis load count): memory counter, and Redis counter when REDIS_URL
 * is set. 8 intents × 3 channels, 15 % negative (each negative message triggers an evaluation).
 *
 * Then false alarms: a simulated week (fake clock) of steady traffic on 24 intent × channel slices
 * at 0.3–3 messages a minute each, each with its own usual negative share (5–30 %), noise included;
 * every alert there is a false alarm. Finally a surge on one slice (6 messages a minute, 90 %
 * negative) and how many simulated minutes it takes to alert.
 * Usage: `npx tsx bench/surge-detector.ts` (env: REDIS_URL, BENCH_MESSAGES=20000, BENCH_DAYS=7).
 */
import type { BucketCounter } from '../src/analytics/alerts/bucket-counter';
import { MemoryBucketCounter } from '../src/analytics/alerts/memory-bucket-counter';
import { RedisBucketCounter } from '../src/analytics/alerts/redis-bucket-counter';
import { NegativeSurgeDetector } from '../src/analytics/alerts/surge-detector';
import type { SurgeRule } from '../src/analytics/alerts/surge-rule';
import { createRedisConnection, quitRedis } from '../src/state/redis-connection';
import { MINUTE_MS, Simulation, type Stream, seededRandom } from '../test/analytics/alerts/simulated-traffic';
import { unlinkPrefix } from './lib/redis-prefix';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const NEGATIVE_SHARE = 0.15;
const INTENTS = ['balance', 'card_declined', 'transfer', 'lost_card', 'fees', 'login', 'loan', 'None'];
const CHANNELS = ['webchat', 'sms', 'slack'];

async function run(name: string, counter: BucketCounter, messages: number): Promise<void> {
  const detector = new NegativeSurgeDetector({ counter });
  // mulberry32: seeded, so every run sees the same traffic.
  let seed = 1;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const started = performance.now();
  let alerts = 0;
  for (let i = 0; i < messages; i++) {
    const raised = await detector.observe({
      intent: INTENTS[i % INTENTS.length],
      channelId: CHANNELS[i % CHANNELS.length]!,
      negative: random() < NEGATIVE_SHARE,
    });
    alerts += raised.length;
    if (raised.length > 0 && process.env['BENCH_DEBUG']) console.log(raised);
  }
  const us = ((performance.now() - started) / messages) * 1000;
  console.log(
    `${name.padEnd(8)} ${messages} messages, ${us.toFixed(1)} µs per message (sequential), ${alerts} alerts`,
  );
}

const DAYS = Number(process.env['BENCH_DAYS'] ?? 7);

async function falseAlarms(): Promise<void> {
  const random = seededRandom(2026 + Number(process.env['BENCH_SEED'] ?? 7));
  const streams: Stream[] = INTENTS.flatMap((intent) =>
    CHANNELS.map((channelId) => ({
      intent,
      channelId,
      perMinute: 0.3 + random() * 2.7,
      negativeShare: 0.05 + random() * 0.25,
    })),
  );
  const sim = new Simulation({ seed: Number(process.env['BENCH_SEED'] ?? 7), rule: ruleFromEnv() });
  const started = performance.now();
  await sim.play(DAYS * 24 * 60, streams);
  const messages = streams.reduce((sum, s) => sum + s.perMinute, 0) * DAYS * 24 * 60;
  console.log(
    `quiet    ${DAYS} simulated days, ~${Math.round(messages)} messages on ${streams.length} slices: ${sim.alerts.length} false alarms (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  for (const alert of sim.alerts) console.log(`         ${alert.raisedAt} ${alert.summary}`);
  const surgeStart = sim.now;
  const target = streams[0]!;
  await sim.play(15, [...streams, { ...target, perMinute: 6, negativeShare: 0.9 }]);
  const raised = sim.alerts.find((a) => Date.parse(a.raisedAt) >= surgeStart);
  const delay = raised
    ? `${((Date.parse(raised.raisedAt) - surgeStart) / MINUTE_MS).toFixed(1)} min`
    : 'not detected';
  console.log(
    `surge    on ${target.intent} × ${target.channelId} (usually ${Math.round(target.negativeShare * 100)} %): alert after ${delay}`,
  );
}

async function main(): Promise<void> {
  await run('memory', new MemoryBucketCounter(), MESSAGES);
  await falseAlarms();
  const url = process.env['REDIS_URL'];
  if (!url) return console.log('redis    skipped (set REDIS_URL)');
  const redis = createRedisConnection(url, { name: 'bench:surge' });
  const keyPrefix = `bench:surge:${process.pid}:`;
  try {
    await run('redis', new RedisBucketCounter({ redis, keyPrefix }), Math.min(MESSAGES, 5_000));
  } finally {
    await unlinkPrefix(redis, keyPrefix);
    await quitRedis(redis);
  }
}

void main();

/** Rule overrides for experiments: BENCH_MIN_MESSAGES, BENCH_MIN_INCREASE, BENCH_RATIO. */
function ruleFromEnv(): Partial<SurgeRule> {
  const rule: Partial<SurgeRule> = {};
  if (process.env['BENCH_MIN_MESSAGES']) rule.minMessages = Number(process.env['BENCH_MIN_MESSAGES']);
  if (process.env['BENCH_MIN_INCREASE']) rule.minIncrease = Number(process.env['BENCH_MIN_INCREASE']);
  if (process.env['BENCH_RATIO']) rule.ratio = Number(process.env['BENCH_RATIO']);
  return rule;
}
