/**
 * The supervisor view's figures, exactly (issue #8: "queue depths, longest wait, agents online,
 * conversations per agent"); the console and browser tests check the same view end to end.
 */
import { AgentPresence } from '../../src/handoff/agent-presence';
import type { Handoff } from '../../src/handoff/handoff-record';
import { supervisorSnapshot } from '../../src/handoff/supervisor-snapshot';
import { MemoryStorage } from '../../src/state/memory-storage';
import { AGENTS } from './support/handoff-fixture';

const NOW = 1_000_000;

function handoff(id: string, fields: Partial<Handoff>): Handoff {
  return { id, status: 'pending', skill: 'general', queuedAt: NOW, ...fields } as Handoff;
}

test('depths, longest wait, assigned per queue; presence and conversations per agent; totals', async () => {
  let clock = NOW - 5_000;
  const presence = new AgentPresence({
    storage: new MemoryStorage(),
    staleAfterMs: 30_000,
    now: () => clock,
  });
  await presence.seen('alice', true);
  await presence.seen('bob', true);
  await presence.setStatus('bob', 'away');
  clock = NOW;
  const open = [
    handoff('h-1', { queuedAt: NOW - 90_000 }),
    handoff('h-2', { queuedAt: NOW - 30_000 }),
    handoff('h-3', { skill: 'billing', queuedAt: NOW - 10_000 }),
    handoff('h-4', { status: 'assigned', agentId: 'alice', queuedAt: NOW - 500_000 }),
    handoff('h-5', { status: 'assigned', skill: 'cards', agentId: 'alice' }),
    handoff('h-6', { status: 'assigned', skill: 'billing', agentId: 'bob' }),
  ];
  const snapshot = await supervisorSnapshot({
    skills: ['general', 'billing', 'cards'],
    depths: async () => ({ general: 2, billing: 1, cards: 0 }),
    listOpen: async () => open,
    directory: AGENTS,
    presence,
    now: NOW,
  });
  expect(snapshot.queues).toEqual([
    { skill: 'general', depth: 2, longestWaitMs: 90_000, assigned: 1 },
    { skill: 'billing', depth: 1, longestWaitMs: 10_000, assigned: 1 },
    { skill: 'cards', depth: 0, longestWaitMs: 0, assigned: 1 },
  ]);
  expect(snapshot.agents.map((a) => [a.id, a.status, a.conversations])).toEqual([
    ['alice', 'online', 2],
    ['bob', 'away', 1],
    ['sam', 'offline', 0],
  ]);
  expect(snapshot.totals).toEqual({ waiting: 3, assigned: 3, agentsOnline: 1 });
});
