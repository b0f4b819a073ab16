/**
 * Handoff benchmark, three figures (targets from issue #8):
 *
 * 1. escalate → visible in the console (p99 ≤ 100 ms): a web chat customer says "talk to a person";
 *    timed from sending the message to the agent's console socket receiving the handoff;
 * 2. agent reply → customer web chat (p99 ≤ 100 ms): from the agent's reply frame on the console
 *    socket to the customer's socket receiving the message;
 * 3. claim throughput: 20 agents pick concurrently from 5,000 queued escalations; every handoff
 *    must be assigned exactly once.
 *
 * Each runs on the embedded default and, with REDIS_URL, on Redis + BullMQ. Server and load
 * generator share one process. Usage: `npx tsx bench/handoff-latency.ts`
 * (env: REDIS_URL, BENCH_SAMPLES=300, BENCH_QUEUED=5000, BENCH_AGENTS=20).
 */

import { loadConfig } from '../src/config/load-config';
import { DEMO_PASSWORDS } from '../src/console/demo-agents';
import { createDemoServer } from '../src/demo/create-demo-server';
import { AgentDirectory, type AgentIdentity } from '../src/handoff/agents';
import { createHandoffServices } from '../src/handoff/create-handoff-services';
import type { HandoffService } from '../src/handoff/handoff-service';
import { createSilentLogger } from '../src/logging/logger';
import { MemoryMessageBus } from '../src/state/memory-bus';
import { MemoryStorage } from '../src/state/memory-storage';
import { createStateServices } from '../src/state/state-services';
import { consoleCall, FrameSocket, loginCookie, openCustomer } from './handoff-bench-clients';
import { unlinkPrefix } from './lib/redis-prefix';
import { fmt, type LatencySummary, summarize } from './lib/stats';

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 300);
const QUEUED = Number(process.env['BENCH_QUEUED'] ?? 5000);
const AGENTS = Number(process.env['BENCH_AGENTS'] ?? 20);
const WARMUP = 20;
const TOKEN_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const ESCALATE_TEXT = 'talk to a person';

interface Variant {
  name: string;
  redisUrl?: string;
  keyPrefix: string;
}

async function startServer(variant: Variant) {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TOKEN_SECRET] },
      redisUrl: variant.redisUrl,
      // No position updates during the run: they would add deliveries the figures do not measure.
      handoff: { positionUpdateIntervalMs: 3_600_000 },
    },
  });
  const state = createStateServices({ redisUrl: variant.redisUrl, keyPrefix: variant.keyPrefix });
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state,
    readIntent: (context) =>
      context.activity.text === ESCALATE_TEXT
        ? { intent: 'talk_to_agent', score: 1, outOfScope: false }
        : undefined,
    handoff: { keyPrefix: variant.keyPrefix },
  });
  const port = await server.start();
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

/** Figure 1: customer message → handoff frame on the console socket. */
async function escalateToConsole(baseUrl: string, consoleSocket: FrameSocket): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const customer = await openCustomer(baseUrl);
    const shown = consoleSocket.next(
      (f) =>
        f.type === 'handoff' &&
        (f['handoff'] as { conversationId: string }).conversationId === customer.conversationId,
    );
    const start = performance.now();
    customer.socket.send({ type: 'message', clientMessageId: `e${i}`, text: ESCALATE_TEXT });
    await shown;
    if (i >= WARMUP) latencies.push(performance.now() - start);
    customer.socket.close();
  }
  return summarize(latencies);
}

/** Figure 2: agent reply frame → the customer's socket shows it. */
async function replyToCustomer(
  baseUrl: string,
  cookie: string,
  consoleSocket: FrameSocket,
): Promise<LatencySummary> {
  const customer = await openCustomer(baseUrl);
  const shown = consoleSocket.next(
    (f) =>
      f.type === 'handoff' &&
      (f['handoff'] as { conversationId: string }).conversationId === customer.conversationId,
  );
  customer.socket.send({ type: 'message', clientMessageId: 'r-escalate', text: ESCALATE_TEXT });
  const handoffId = ((await shown)['handoff'] as { id: string }).id;
  await consoleCall(baseUrl, cookie, `/handoffs/${handoffId}/claim`);
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    const text = `reply ${i}`;
    const received = customer.socket.next(
      (f) => f.type === 'message' && (f['message'] as { text: string }).text === text,
    );
    const start = performance.now();
    consoleSocket.send({ type: 'reply', id: `r${i}`, handoffId, text });
    await received;
    if (i >= WARMUP) latencies.push(performance.now() - start);
  }
  customer.socket.close();
  return summarize(latencies);
}

async function latencies(variant: Variant) {
  const { server, baseUrl } = await startServer(variant);
  try {
    const cookie = await loginCookie(baseUrl, 'sam', DEMO_PASSWORDS['sam'] as string);
    const consoleSocket = await FrameSocket.open(`${baseUrl.replace(/^http/, 'ws')}/console/socket`, {
      cookie,
    });
    const escalate = await escalateToConsole(baseUrl, consoleSocket);
    const reply = await replyToCustomer(baseUrl, cookie, consoleSocket);
    consoleSocket.close();
    return { escalate, reply };
  } finally {
    await server.close();
  }
}

/** Queues {@link QUEUED} escalations over three skills and channels, 50 at a time. */
async function queueEscalations(service: HandoffService): Promise<void> {
  const skills = ['general', 'billing', 'cards'];
  const channels = ['webchat', 'sms', 'voice'];
  for (let i = 0; i < QUEUED; i += 50) {
    const batch = Array.from({ length: Math.min(50, QUEUED - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map((n) =>
        service.escalate({
          channelId: channels[n % 3] as string,
          conversationId: `bench-${n}`,
          reason: 'customer-asked',
          skill: skills[n % 3],
        }),
      ),
    );
  }
}

/** Figure 3: 20 agents drain 5,000 queued escalations; counts double assignments. */
async function claimThroughput(variant: Variant) {
  const agents: AgentIdentity[] = Array.from({ length: AGENTS }, (_, i) => ({
    id: `agent${i}`,
    name: `Agent ${i}`,
    skills: ['general', 'billing', 'cards'],
    role: 'agent',
  }));
  const handoff = createHandoffServices({
    config: loadConfig({ env: {} }).handoff,
    state: { bus: new MemoryMessageBus(), storage: new MemoryStorage() },
    redisUrl: variant.redisUrl,
    keyPrefix: variant.keyPrefix,
    directory: new AgentDirectory([]),
    logger: createSilentLogger(),
  });
  try {
    await queueEscalations(handoff.service);
    const taken: Array<{ id: string; agentId: string }> = [];
    const start = performance.now();
    await Promise.all(
      agents.map(async (agent) => {
        for (let h = await handoff.service.pickNext(agent); h; h = await handoff.service.pickNext(agent))
          taken.push({ id: h.id, agentId: agent.id });
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // A double assignment: one handoff handed to two pickers, or the store naming another agent.
    const holders = new Map((await handoff.service.listOpen()).map((h) => [h.id, h.agentId]));
    const doubles =
      taken.length -
      new Set(taken.map((t) => t.id)).size +
      taken.filter((t) => holders.get(t.id) !== t.agentId).length;
    return {
      queued: QUEUED,
      agents: AGENTS,
      picked: taken.length,
      seconds,
      claimsPerSecond: taken.length / seconds,
      doubleAssignments: doubles,
    };
  } finally {
    await handoff.close();
  }
}

async function cleanup(variant: Variant): Promise<void> {
  if (variant.redisUrl) await unlinkPrefix(variant.redisUrl, variant.keyPrefix);
}

async function main(): Promise<void> {
  const variants: Variant[] = [{ name: 'embedded', keyPrefix: 'unused:' }];
  const redisUrl = process.env['REDIS_URL'];
  if (redisUrl) variants.push({ name: 'redis+bullmq', redisUrl, keyPrefix: `bench:handoff:${process.pid}:` });
  else console.log('REDIS_URL is not set: measuring the embedded default only.');
  const results = [];
  for (const variant of variants) {
    try {
      const claims = await claimThroughput({ ...variant, keyPrefix: `${variant.keyPrefix}claims:` });
      results.push({ variant: variant.name, ...(await latencies(variant)), claims });
    } finally {
      await cleanup(variant);
    }
  }
  console.log(
    `\nHandoff, ${SAMPLES} samples per latency (after ${WARMUP} warm-up), ${QUEUED} queued / ${AGENTS} agents for claims\n`,
  );
  console.log(
    'variant        escalate→console p50/p99 ms   reply→customer p50/p99 ms   claims/s   double assignments',
  );
  for (const r of results) {
    const esc = `${fmt(r.escalate.p50)} / ${fmt(r.escalate.p99)}`;
    const rep = `${fmt(r.reply.p50)} / ${fmt(r.reply.p99)}`;
    console.log(
      `${r.variant.padEnd(14)} ${esc.padStart(27)}   ${rep.padStart(25)}   ${fmt(r.claims.claimsPerSecond, 0).padStart(8)}   ${String(r.claims.doubleAssignments).padStart(18)}`,
    );
  }
  console.log(JSON.stringify({ bench: 'handoff', samples: SAMPLES, results }));
  process.exit(0);
}

void main();
