/**
 * The erase test of issue #10: one customer seeded in every store (bot state, conversation
 * references and reply log on real Redis, transcripts, handoff records, BullMQ jobs and timers, SMS
 * consent), erased in one call; nothing about them is left, another customer is untouched.
 */
import type { Redis } from 'ioredis';
import { ConsentStore } from '../../adapters/twilio-sms/consent-store';
import { StorageCsatStore, StorageFollowUpStore } from '../../dialogs/handoff/handoff-outcome-store';
import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { ConversationReferenceStore } from '../../src/bot/conversation-reference-store';
import { BullMqEscalationQueue } from '../../src/handoff/bullmq-escalation-queue';
import { newHandoffId } from '../../src/handoff/handoff-record';
import { RedisHandoffStore } from '../../src/handoff/redis-handoff-store';
import { CustomerDataService } from '../../src/privacy/customer-data-service';
import { customerFromIds, hashCustomerRef } from '../../src/privacy/customer-ref';
import { BotStateDataSource } from '../../src/privacy/sources/bot-state-data-source';
import { HandoffDataSource } from '../../src/privacy/sources/handoff-data-source';
import { SmsConsentDataSource } from '../../src/privacy/sources/sms-consent-data-source';
import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { RedisLockService } from '../../src/state/redis-lock';
import { RedisReplyLog } from '../../src/state/redis-reply-log';
import { RedisStorage } from '../../src/state/redis-storage';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';

interface Person {
  userId: string;
  name: string;
  phone: string;
  conversations: { webchat: string; sms: string };
}

const ALICE: Person = {
  userId: 'u-alice-7f3',
  name: 'Alice Marchetti',
  phone: '+14155552671',
  conversations: { webchat: 'c-alice-1', sms: 'sms-alice-2' },
};
const BOB: Person = {
  userId: 'u-bob-91c',
  name: 'Bob Okafor',
  phone: '+14155550199',
  conversations: { webchat: 'c-bob-1', sms: 'sms-bob-2' },
};

describeWithRedis('erase a customer everywhere', (redisUrl) => {
  const context = setupRedis(redisUrl, 'customer-erase');
  let keyPrefix: string;
  let blocking: Redis;
  let queue: BullMqEscalationQueue;
  let parts: ReturnType<typeof build>;
  const handoffIds = new Map<string, string>();

  function build() {
    const redis = context.redis;
    const storage = new RedisStorage({ redis, keyPrefix });
    const replies = new RedisReplyLog({ redis, keyPrefix });
    const handoffs = new RedisHandoffStore({ redis, keyPrefix });
    const consent = new ConsentStore(storage, new RedisLockService({ redis, keyPrefix }));
    const transcripts = new MemoryTranscriptStore();
    const audit = new MemoryAuditLog();
    const service = new CustomerDataService({
      sources: [
        new BotStateDataSource({ storage, replies }),
        transcripts,
        new HandoffDataSource({ store: handoffs, queue }),
        new SmsConsentDataSource({ consent }),
      ],
      audit,
    });
    return {
      storage,
      replies,
      handoffs,
      consent,
      transcripts,
      audit,
      service,
      references: new ConversationReferenceStore(storage),
    };
  }

  async function seed(p: Person, n: number): Promise<void> {
    const { storage, references, replies, transcripts, handoffs, consent } = parts;
    for (const [channelId, conversationId, userId] of [
      ['webchat', p.conversations.webchat, p.userId],
      ['sms', p.conversations.sms, p.phone],
    ] as const) {
      await references.save({
        channelId,
        conversation: { id: conversationId } as never,
        user: { id: userId, name: p.name },
      });
      await storage.write({
        [`${channelId}/conversations/${conversationId}/`]: {
          dialogState: { slots: { phone: p.phone } },
          eTag: '*',
        },
      });
      await replies.append(conversationId, JSON.stringify({ text: `Thanks ${p.name}` }));
      await transcripts.append({
        conversationId,
        channelId,
        role: 'customer',
        text: `I am ${p.name}`,
        userId,
        timestamp: new Date().toISOString(),
      });
      await transcripts.append({
        conversationId,
        channelId,
        role: 'bot',
        text: `Hi ${p.name}`,
        userId,
        timestamp: new Date().toISOString(),
      });
    }
    await storage.write({
      [`webchat/users/${p.userId}/`]: { profile: { firstName: p.name, phone: p.phone }, eTag: '*' },
    });
    const handoffId = newHandoffId();
    handoffIds.set(p.userId, handoffId);
    const outcome = {
      handoffId,
      channelId: 'webchat',
      conversationId: p.conversations.webchat,
      skill: 'billing',
    };
    const at = new Date().toISOString();
    await new StorageCsatStore(storage).record({ ...outcome, agentName: 'Dana', score: 4, at });
    await new StorageFollowUpStore(storage).record({
      ...outcome,
      kind: 'callback',
      reference: `T-${n}F2A9C`,
      customerId: p.userId,
      at,
    });
    await handoffs.createOrJoin({
      id: handoffId,
      now: Date.now(),
      channelId: 'webchat',
      conversationId: p.conversations.webchat,
      skill: 'billing',
      reason: 'customer-asked',
      customer: { id: p.userId, name: p.name },
      context: { intent: 'refund', form: { name: 'refund', filled: { phone: p.phone } } },
      priority: 10,
    });
    await queue.enqueue({
      handoffId,
      skill: 'billing',
      priority: 10,
      queuedAt: Date.now(),
      summary: { channelId: 'webchat', customerName: p.name, reason: 'customer-asked' },
    });
    await queue.scheduleTimer({ kind: 'wait-timeout', handoffId }, 600_000);
    await consent.record(p.phone, {
      action: 'opt-out',
      source: 'keyword',
      keyword: 'STOP',
      messageSid: `SM${n}abc`,
    });
  }

  beforeEach(async () => {
    keyPrefix = context.nextPrefix();
    blocking = createRedisConnection(redisUrl(), { name: 'test:customer-erase:bull', blocking: true });
    queue = new BullMqEscalationQueue({ connection: blocking, keyPrefix });
    parts = build();
    await seed(ALICE, 1);
    await seed(BOB, 2);
  });

  afterEach(async () => {
    await queue.close();
    await quitRedis(blocking);
  });

  const alice = () => customerFromIds([`webchat:${ALICE.userId}`, `sms:${ALICE.phone}`]);

  test('export returns the customer from every source, and is audited', async () => {
    const exported = await parts.service.export(alice(), 'cli');
    expect(exported.conversationIds.sort()).toEqual(
      [ALICE.conversations.sms, ALICE.conversations.webchat].sort(),
    );
    const bySource = Object.fromEntries(exported.sources.map((s) => [s.source, s.records]));
    expect(bySource['bot-state']?.length).toBeGreaterThanOrEqual(5);
    expect(bySource['transcripts']).toHaveLength(4);
    expect(bySource['handoffs']).toHaveLength(1);
    expect(bySource['sms-consent']).toHaveLength(1);
    expect(JSON.stringify(exported)).toContain(ALICE.name);
    expect(JSON.stringify(exported)).not.toContain(BOB.name);
    const [entry] = await parts.audit.list({ action: 'export' });
    expect(entry).toMatchObject({ actor: 'cli', action: 'export', target: hashCustomerRef(alice()) });
    expect(JSON.stringify(entry)).not.toContain(ALICE.userId);
  });

  test('erase leaves nothing about the customer in Redis, BullMQ or transcripts; the other customer is untouched', async () => {
    const report = await parts.service.erase(alice(), 'admin-api:root');
    expect(report.erased).toMatchObject({ transcripts: 4, handoffs: 1, 'sms-consent': 1 });

    const leftovers = await dumpRedis(context.redis, keyPrefix);
    const mentions = (needle: string) => leftovers.filter((line) => line.includes(needle));
    for (const needle of [
      ALICE.userId,
      ALICE.name,
      'Alice',
      ALICE.conversations.webchat,
      ALICE.conversations.sms,
    ]) {
      expect(mentions(needle)).toEqual([]);
    }
    // The random handoff id survives only in BullMQ's capped event streams ("added", "removed"),
    // which hold no data: nothing is left that it could lead to.
    const aliceHandoff = handoffIds.get(ALICE.userId) as string;
    expect(mentions(aliceHandoff).every((line) => line.split(' ')[0]?.endsWith(':events'))).toBe(true);
    expect(await parts.handoffs.get(aliceHandoff)).toBeUndefined();
    // The opt-out is kept, bare: the number said STOP and must not be texted again.
    expect(mentions(ALICE.phone).every((line) => line.includes(`sms/consent/${ALICE.phone}`))).toBe(true);
    const consent = await parts.consent.get(ALICE.phone);
    expect(consent).toMatchObject({ status: 'opted-out' });
    expect(consent?.log).toHaveLength(1);
    expect(JSON.stringify(consent)).not.toContain('SM1abc');
    expect(await parts.transcripts.list(ALICE.conversations.webchat)).toEqual([]);
    expect(await queue.position(aliceHandoff, 'billing')).toBeUndefined();

    // Bob: every store still has him.
    expect(await parts.references.get('webchat', BOB.conversations.webchat)).toMatchObject({
      user: { id: BOB.userId },
    });
    expect(await parts.handoffs.active('webchat', BOB.conversations.webchat)).toMatchObject({
      customer: { name: BOB.name },
    });
    expect(await queue.position(handoffIds.get(BOB.userId) as string, 'billing')).toBe(1);
    expect(await parts.transcripts.list(BOB.conversations.sms)).toHaveLength(2);
    expect(await parts.replies.readAfter(BOB.conversations.webchat, 0)).toHaveLength(1);
    expect(Object.keys(await parts.storage.read([`webchat/users/${BOB.userId}/`]))).toHaveLength(1);
    expect((await parts.consent.get(BOB.phone))?.log[0]?.messageSid).toBe('SM2abc');
    expect(mentions(BOB.name).length).toBeGreaterThan(0);

    const [entry] = await parts.audit.list({ action: 'erase' });
    expect(entry).toMatchObject({
      actor: 'admin-api:root',
      target: hashCustomerRef(alice()),
      details: { complete: true },
    });
    // Erasing again finds nothing more and succeeds.
    expect((await parts.service.erase(alice(), 'cli')).erased).toMatchObject({ transcripts: 0, handoffs: 0 });
  });
});

/** Every key under the prefix with its content, one line each (strings, hashes, lists, sets, zsets, streams). */
async function dumpRedis(redis: Redis, prefix: string): Promise<string[]> {
  const lines: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) lines.push(`${key} ${JSON.stringify(await contentOf(redis, key))}`);
  } while (cursor !== '0');
  return lines;
}

async function contentOf(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return redis.hgetall(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, '0', '-1');
    case 'stream':
      return redis.xrange(key, '-', '+');
    default:
      return null;
  }
}
