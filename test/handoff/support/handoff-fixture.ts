import { DEMO_AGENTS } from '../../../src/console/demo-agents';
import { AgentDirectory, type AgentIdentity } from '../../../src/handoff/agents';
import { createHandoffServices, type HandoffServices } from '../../../src/handoff/create-handoff-services';
import type { CustomerDelivery } from '../../../src/handoff/handoff-events';
import type { Handoff } from '../../../src/handoff/handoff-record';
import type { EscalateRequest } from '../../../src/handoff/handoff-service';
import { createSilentLogger } from '../../../src/logging/logger';
import { MemoryMessageBus } from '../../../src/state/memory-bus';
import { MemoryStorage } from '../../../src/state/memory-storage';
import type { MessageBus, Storage } from '../../../src/state/ports';

/** Agents of the handoff tests (the demo accounts). */
export const AGENTS = new AgentDirectory(DEMO_AGENTS);
export const ALICE = AGENTS.get('alice') as AgentIdentity;
export const BOB = AGENTS.get('bob') as AgentIdentity;
export const SAM = AGENTS.get('sam') as AgentIdentity;

/** Timings of the service tests: short, so each file stays well under its time budget. */
export const TEST_TIMINGS = {
  skills: ['general', 'billing', 'cards'],
  defaultSkill: 'general',
  intentSkills: {},
  waitTimeoutMs: 60_000,
  graceMs: 60_000,
  positionUpdateIntervalMs: 60_000,
  defaultHandleTimeMs: 240_000,
  sessionTtlMs: 60_000,
};

/** A handoff deployment under test, with what it delivered to customers. */
export interface HandoffFixture extends HandoffServices {
  deliveries: Array<{ handoff: Handoff; delivery: CustomerDelivery }>;
  bus: MessageBus;
  storage: Storage;
}

/** Options of {@link startHandoff}. */
export interface StartHandoffOptions {
  /** Redis URL: BullMQ and the Redis store; without: the embedded default. */
  redisUrl?: string;
  keyPrefix?: string;
  timings?: Partial<typeof TEST_TIMINGS>;
  /** Shared with another fixture (same "deployment"). */
  bus?: MessageBus;
  storage?: Storage;
}

/** Builds and starts the handoff services, recording deliveries. */
export async function startHandoff(options: StartHandoffOptions = {}): Promise<HandoffFixture> {
  const bus = options.bus ?? new MemoryMessageBus();
  const storage = options.storage ?? new MemoryStorage();
  const services = createHandoffServices({
    config: { ...TEST_TIMINGS, ...options.timings },
    state: { bus, storage },
    redisUrl: options.redisUrl,
    keyPrefix: options.keyPrefix,
    directory: AGENTS,
    logger: createSilentLogger(),
  });
  const deliveries: HandoffFixture['deliveries'] = [];
  services.service.on('deliver', (handoff, delivery) => {
    deliveries.push({ handoff, delivery });
  });
  await services.start();
  return { ...services, deliveries, bus, storage };
}

let conversationCount = 0;

/** An escalation of a fresh web chat conversation. */
export function escalation(overrides: Partial<EscalateRequest> = {}): EscalateRequest {
  conversationCount += 1;
  return {
    channelId: 'webchat',
    conversationId: `svc-${process.pid}-${conversationCount}`,
    reason: 'customer-asked',
    customer: { id: `u-${conversationCount}`, name: `Customer ${conversationCount}` },
    context: { intent: 'check_balance' },
    ...overrides,
  };
}

/** Texts delivered to one handoff's customer, in order. */
export function textsTo(fixture: HandoffFixture, handoffId: string): string[] {
  return fixture.deliveries
    .filter((d) => d.handoff.id === handoffId && d.delivery.kind === 'message')
    .map((d) => (d.delivery.kind === 'message' ? d.delivery.text : ''));
}
