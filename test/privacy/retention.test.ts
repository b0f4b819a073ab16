import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { createLogger } from '../../src/logging/logger';
import { RetentionJob, type RetentionTarget, scheduleRetention } from '../../src/privacy/retention';
import { retentionModule } from '../../src/privacy/retention-module';
import type { ServerModule } from '../../src/server/switchboard-server';
import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { cleanupRedisPrefix, describeWithRedis, uniquePrefix } from '../support/services';
import { sleep } from '../support/time';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600_000).toISOString();

describe('RetentionJob', () => {
  test('deletes transcript lines older than retentionDays, by a fixed clock', async () => {
    const transcripts = new MemoryTranscriptStore();
    const line = (conversationId: string, timestamp: string) =>
      transcripts.append({ conversationId, channelId: 'webchat', role: 'customer', text: 't', timestamp });
    await line('old', daysAgo(91));
    await line('mixed', daysAgo(90.01));
    await line('mixed', daysAgo(89.99));
    await line('new', daysAgo(1));
    const job = new RetentionJob({ targets: [transcripts], retentionDays: 90, now: () => NOW });

    expect(job.cutoff().toISOString()).toBe(daysAgo(90));
    expect(await job.runOnce()).toEqual({ transcripts: 2 });
    expect(await transcripts.list('old')).toEqual([]);
    expect((await transcripts.list('mixed')).map((e) => e.timestamp)).toEqual([daysAgo(89.99)]);
    expect(await transcripts.list('new')).toHaveLength(1);
    expect(await job.runOnce()).toEqual({ transcripts: 0 });
  });

  test('a failing target is reported as -1 and does not stop the others', async () => {
    const calls: string[] = [];
    const ok: RetentionTarget = {
      name: 'events',
      deleteOlderThan: async (d) => {
        calls.push(d.toISOString());
        return 3;
      },
    };
    const broken: RetentionTarget = {
      name: 'broken',
      deleteOlderThan: async () => Promise.reject(new Error('down')),
    };
    const job = new RetentionJob({ targets: [broken, ok], retentionDays: 30, now: () => NOW });
    expect(await job.runOnce()).toEqual({ broken: -1, events: 3 });
    expect(calls).toEqual([daysAgo(30)]);
  });
});

describeWithRedis('scheduleRetention on BullMQ', (redisUrl) => {
  test('runs the sweep as a repeatable job', async () => {
    const keyPrefix = uniquePrefix('retention');
    const connection = createRedisConnection(redisUrl(), { name: 'test:retention', blocking: true });
    let runs = 0;
    let ran!: () => void;
    const firstRun = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const schedule = await scheduleRetention({
      job: {
        runOnce: async () => {
          runs += 1;
          ran();
          return {};
        },
      },
      intervalMs: 300,
      connection,
      keyPrefix,
    });
    try {
      await firstRun;
      expect(runs).toBeGreaterThanOrEqual(1);
    } finally {
      await schedule.close();
      await cleanupRedisPrefix(connection, keyPrefix);
      await quitRedis(connection);
    }
  });
});

describe('scheduleRetention without Redis', () => {
  test('runs the sweep on a timer', async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      const schedule = await scheduleRetention({
        job: {
          runOnce: async () => {
            runs += 1;
            return {};
          },
        },
        intervalMs: 1000,
      });
      await jest.advanceTimersByTimeAsync(3500);
      expect(runs).toBe(3);
      await schedule.close();
      await jest.advanceTimersByTimeAsync(3000);
      expect(runs).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('retentionModule', () => {
  const logger = createLogger({ level: 'silent' });
  const privacy = { retentionSweepIntervalMs: 50 };

  test('is absent without privacy.retentionDays', () => {
    const stores = [new MemoryTranscriptStore()];
    expect(retentionModule({ config: { privacy, redisKeyPrefix: 'swb:' }, logger, stores })).toEqual([]);
  });

  test('sweeps the stores that can delete by age while the server runs', async () => {
    const transcripts = new MemoryTranscriptStore();
    await transcripts.append({
      conversationId: 'c',
      channelId: 'webchat',
      role: 'bot',
      text: 't',
      timestamp: daysAgo(400),
    });
    const [create] = retentionModule({
      config: { privacy: { ...privacy, retentionDays: 30 }, redisKeyPrefix: 'swb:' },
      logger,
      stores: [transcripts, undefined, { name: 'no-delete' }],
    });
    const module = (create as () => ServerModule)();
    await module.start?.();
    try {
      for (let i = 0; i < 100 && (await transcripts.list('c')).length > 0; i++) await sleep(20);
      expect(await transcripts.list('c')).toEqual([]);
    } finally {
      await module.close?.();
    }
  });
});
