import { BullMqEscalationQueue } from '../../src/handoff/bullmq-escalation-queue';
import { newHandoffId } from '../../src/handoff/handoff-record';
import { InProcessEscalationQueue } from '../../src/handoff/in-process-escalation-queue';
import { createRedisConnection, quitRedis } from '../../src/state/redis-connection';
import { queueEntry, runEscalationQueueSuite } from '../conformance/escalation-queue-suite';
import { setupRedis } from '../support/redis-test-context';
import { describeWithRedis } from '../support/services';

runEscalationQueueSuite({
  name: 'InProcessEscalationQueue',
  create: async () => {
    const queue = new InProcessEscalationQueue();
    return { queue, cleanup: () => queue.close() };
  },
});

describeWithRedis('BullMqEscalationQueue', (redisUrl) => {
  const context = setupRedis(redisUrl, 'escalation-queue');
  let keyPrefix: string;

  beforeEach(() => {
    keyPrefix = context.nextPrefix();
  });

  const open = async () => {
    const connection = createRedisConnection(redisUrl(), { name: 'test:escalation-queue', blocking: true });
    const queue = new BullMqEscalationQueue({ connection, keyPrefix });
    return {
      queue,
      cleanup: async () => {
        await queue.close();
        await quitRedis(connection);
      },
    };
  };

  runEscalationQueueSuite({ name: 'BullMqEscalationQueue', create: open, reopen: open });

  test('jobs always carry a priority and ids without ":"; out-of-range priorities are refused', async () => {
    const { queue, cleanup } = await open();
    try {
      const entry = queueEntry({ handoffId: newHandoffId(), priority: 7 });
      await queue.enqueue(entry);
      await queue.scheduleTimer(
        { kind: 'agent-grace', handoffId: entry.handoffId, agentId: 'alice', since: 5 },
        60_000,
      );
      const job = await context.redis.hgetall(`${keyPrefix}bull:handoff-general:${entry.handoffId}`);
      expect(job['priority']).toBe('7');
      // Job and timer ids are single key segments: <prefix>bull:<queue>:<id>, the id without ":".
      const timerId = `grace-${entry.handoffId}-5`;
      expect(await context.redis.exists(`${keyPrefix}bull:handoff-timers:${timerId}`)).toBe(1);
      expect([entry.handoffId, timerId].filter((id) => id.includes(':'))).toEqual([]);
      await expect(queue.enqueue(queueEntry({ priority: 0 }))).rejects.toMatchObject({
        code: 'SWB_ERR_VALIDATION',
      });
      await expect(queue.enqueue(queueEntry({ priority: 2 ** 21 + 1 }))).rejects.toMatchObject({
        code: 'SWB_ERR_VALIDATION',
      });
    } finally {
      await cleanup();
    }
  });
});
