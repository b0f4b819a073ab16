import { AgentAwayError, ValidationError } from '../errors';
import type { Logger } from '../logging/logger';
import type { MessageBus } from '../state/ports';
import type { AgentPresence } from './agent-presence';
import type { AgentDirectory, AgentIdentity } from './agents';
import { positionNotice } from './customer-notices';
import type { EscalationQueue, QueueEntry } from './escalation-queue';
import { HandoffCore, system } from './handoff-core';
import type { ChatLine, HandoffEvents } from './handoff-events';
import { HandoffPublisher } from './handoff-publisher';
import { HandoffQueueing, type WaitInfo } from './handoff-queueing';
import {
  type Handoff,
  type HandoffContext,
  type HandoffCustomer,
  type HandoffReason,
  newHandoffId,
} from './handoff-record';
import { HandoffRecovery } from './handoff-recovery';
import type { HandoffStore } from './handoff-store';
import { computePriority } from './priority';

/** Options of {@link HandoffService}. */
export interface HandoffServiceOptions {
  store: HandoffStore;
  queue: EscalationQueue;
  /** Carries `HandoffBroadcast`s to the consoles of every process. */
  bus: MessageBus;
  /** The configured skill queues; an unknown requested skill falls back to `defaultSkill`. */
  skills: readonly string[];
  defaultSkill: string;
  /** How long a customer waits before the bot offers a callback or a ticket instead. */
  waitTimeoutMs: number;
  /** How long an agent may be disconnected before their conversations go back to the queue. */
  graceMs: number;
  /** How often waiting customers hear their new position (when it changed). */
  positionUpdateIntervalMs: number;
  /** Handle time assumed until a skill has its own history. */
  defaultHandleTimeMs: number;
  directory?: AgentDirectory;
  presence?: AgentPresence;
  logger?: Logger;
  now?: () => number;
}

/** What a dialog's escalation asks for. */
export interface EscalateRequest {
  channelId: string;
  conversationId: string;
  reason: HandoffReason;
  skill?: string;
  customer?: HandoffCustomer;
  context?: HandoffContext;
}

/** The outcome of {@link HandoffService.escalate}. */
export interface EscalateResult extends WaitInfo {
  handoff: Handoff;
  /** True when the conversation already had an active handoff. */
  joined: boolean;
}

/**
 * The handoff capability: escalations into skill queues, atomic picks and claims, the live chat
 * relay, transfers, resolution, wait timeouts and agent disconnects. It never talks to a channel:
 * what the customer must receive is emitted as `deliver`, which the bot glue sends with
 * `continueConversation` (so it works from any process); consoles follow the bus broadcast.
 *
 * @example
 * const handoff = new HandoffService({ store, queue, bus: state.bus, skills: ['general'], defaultSkill: 'general', ... });
 * handoff.on('deliver', (h, delivery) => relay.deliver(h, delivery));
 * await handoff.start();
 */
export class HandoffService {
  readonly skills: readonly string[];
  private readonly publisher: HandoffPublisher;
  private readonly queueing: HandoffQueueing;
  private readonly core: HandoffCore;
  private readonly recovery: HandoffRecovery;
  private readonly now: () => number;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: HandoffServiceOptions) {
    if (!options.skills.includes(options.defaultSkill)) {
      throw new ValidationError(
        `The default skill "${options.defaultSkill}" must be one of handoff.skills (${options.skills.join(', ')}).`,
      );
    }
    this.skills = [...options.skills];
    this.now = options.now ?? Date.now;
    const report = (error: unknown, context: string) => this.report(error, context);
    this.publisher = new HandoffPublisher(options.bus, report);
    this.queueing = new HandoffQueueing({
      ...options,
      notify: async (h, position, eta) => this.publisher.deliver(h, system(positionNotice(position, eta))),
      onError: report,
    });
    this.core = new HandoffCore({
      ...options,
      publisher: this.publisher,
      queueing: this.queueing,
      now: this.now,
    });
    this.recovery = new HandoffRecovery(this.core, options.graceMs);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof HandoffEvents & string>(event: K, listener: HandoffEvents[K]): () => void {
    return this.publisher.events.on(event, listener);
  }

  /** Starts consuming timers (wait timeouts, disconnect grace periods) and position updates. */
  start(): Promise<void> {
    return this.queueing.start((timer) => this.recovery.onTimer(timer));
  }

  /** Consumes fired timers only (a worker process; `start()` does both). */
  consumeTimers(): Promise<void> {
    return this.queueing.consumeTimers((timer) => this.recovery.onTimer(timer));
  }

  /** Starts position updates only, for the customers this process queued (a web process). */
  startPositionUpdates(): void {
    this.queueing.startUpdates();
  }

  /** Queues the conversation for a person, or joins its active handoff. */
  async escalate(request: EscalateRequest): Promise<EscalateResult> {
    const { channelId, conversationId, reason, customer = {}, context = {} } = request;
    const requested = request.skill ?? '';
    const skill = this.skills.includes(requested) ? requested : this.options.defaultSkill;
    const priority = computePriority({ channelId, tier: customer.tier, sentiment: context.sentiment });
    const fields = { channelId, conversationId, reason, skill, customer, context, priority };
    const { handoff, joined } = await this.options.store.createOrJoin({
      ...fields,
      id: newHandoffId(),
      now: this.now(),
    });
    const wait = joined ? await this.queueing.track(handoff) : await this.core.enter(handoff);
    await this.publisher.changed(joined ? 'joined' : 'queued', handoff);
    return { handoff, joined, ...wait };
  }

  /** The customer left the queue (or the conversation was closed): back to the bot. */
  async cancel(handoffId: string, disposition = 'customer-cancelled'): Promise<Handoff | undefined> {
    const cancelled = await this.core.transition(handoffId, 'cancel', { disposition });
    if (!cancelled) return undefined;
    await this.queueing.leave(cancelled);
    await this.publisher.changed('cancelled', cancelled);
    return cancelled;
  }

  /** A customer's message while a person serves them: goes to the agent, not to the bot. */
  async customerMessage(handoff: Handoff, text: string): Promise<void> {
    await this.publisher.chat(handoff, { from: 'customer', text, at: this.now() });
  }

  /** The agent takes the best conversation of their skills; undefined when the queues are empty. */
  async pickNext(agent: AgentIdentity): Promise<Handoff | undefined> {
    await this.assertTakingNew(agent);
    let taken: Handoff | undefined;
    const skills = agent.skills.filter((s) => this.skills.includes(s));
    await this.options.queue.pickNext(skills, async (entry) => {
      taken = await this.core.transition(entry.handoffId, 'assign', { agent });
      return taken !== undefined;
    });
    if (taken) await this.core.assigned(taken);
    return taken;
  }

  /** The agent takes one specific waiting conversation; `HandoffConflictError` if someone was faster. */
  async claim(handoffId: string, agent: AgentIdentity): Promise<Handoff> {
    await this.assertTakingNew(agent);
    const assigned = await this.core.transition(handoffId, 'assign', { agent });
    if (!assigned) throw await this.core.conflict(handoffId, 'claim');
    await this.options.queue.remove(handoffId, assigned.skill);
    await this.core.assigned(assigned);
    return assigned;
  }

  /** Away means "finishing my conversations": no new ones (`AgentAwayError`). Offline agents (Slack desk) may take them. */
  private async assertTakingNew(agent: AgentIdentity): Promise<void> {
    const presence = await this.options.presence?.get(agent.id);
    if (presence?.status === 'away') throw new AgentAwayError(agent.id);
  }

  /**
   * The agent's message to the customer, delivered on the customer's channel. `via` marks a line
   * written outside the agent console (`slack`), so that surface does not show it twice.
   */
  async reply(
    handoffId: string,
    agent: AgentIdentity,
    text: string,
    options: { via?: string } = {},
  ): Promise<ChatLine> {
    const handoff = await this.core.heldBy(handoffId, agent.id, 'reply to');
    const line: ChatLine = { from: 'agent', text, at: this.now(), agentId: agent.id, agentName: agent.name };
    if (options.via) line.via = options.via;
    await this.publisher.chat(handoff, line);
    this.publisher.deliver(handoff, { kind: 'message', role: 'agent', text, agentName: agent.name });
    return line;
  }

  /** Sends the conversation to another skill queue, keeping the time already waited. */
  async transfer(handoffId: string, agent: AgentIdentity, skill: string): Promise<Handoff> {
    if (!this.skills.includes(skill)) {
      throw new ValidationError(`Unknown skill "${skill}": transfer to one of ${this.skills.join(', ')}.`);
    }
    const current = await this.core.heldBy(handoffId, agent.id, 'transfer');
    const { channelId, customer, context } = current;
    const waitedMs = (current.assignedAt ?? this.now()) - current.queuedAt;
    const priority = computePriority({
      channelId,
      tier: customer.tier,
      sentiment: context.sentiment,
      waitedMs,
    });
    const moved = await this.core.transition(handoffId, 'transfer', {
      expectedAgentId: agent.id,
      skill,
      priority,
    });
    if (!moved) throw await this.core.conflict(handoffId, 'transfer');
    await this.core.requeue(moved, 'transfer');
    return moved;
  }

  /** Ends the handoff; the bot takes over again (a `handoff.status` event) and asks for CSAT. */
  async resolve(handoffId: string, agent: AgentIdentity, disposition: string): Promise<Handoff> {
    const request = { expectedAgentId: agent.id, disposition };
    const resolved = await this.core.transition(handoffId, 'resolve', request);
    if (!resolved) throw await this.core.conflict(handoffId, 'resolve');
    await this.options.store.recordHandleTime(
      resolved.skill,
      this.now() - (resolved.assignedAt ?? this.now()),
    );
    await this.publisher.changed('resolved', resolved);
    const { id, skill, agentName } = resolved;
    const value = { status: 'resolved' as const, handoffId: id, skill, agentName, disposition };
    this.publisher.deliver(resolved, { kind: 'status', value });
    return resolved;
  }

  /** The agent's console connections all closed: their conversations go back after the grace period. */
  agentDisconnected(agentId: string): Promise<void> {
    return this.recovery.agentDisconnected(agentId);
  }

  /** The agent logged out: their conversations go back to the front of their queues now. */
  releaseAgent(agentId: string): Promise<void> {
    return this.recovery.releaseAgent(agentId);
  }

  get(handoffId: string): Promise<Handoff | undefined> {
    return this.options.store.get(handoffId);
  }

  /** The conversation's pending or assigned handoff. */
  active(channelId: string, conversationId: string): Promise<Handoff | undefined> {
    return this.options.store.active(channelId, conversationId);
  }

  /** Every pending or assigned handoff (console lists, supervisor view). */
  listOpen(): Promise<Handoff[]> {
    return this.options.store.listOpen();
  }

  /** Waiting entries of a skill queue, in pick order. */
  listQueue(skill: string, limit?: number): Promise<QueueEntry[]> {
    return this.options.queue.list(skill, limit);
  }

  /** Waiting conversations per configured skill. */
  depths(): Promise<Record<string, number>> {
    return this.options.queue.depths(this.skills);
  }

  /** Position and wait estimate of a pending handoff; undefined when it is not waiting. */
  waitOf(handoff: Handoff): Promise<WaitInfo | undefined> {
    return this.queueing.waitOf(handoff);
  }

  /** Stops timers and updates; idempotent. The store, queue and bus are closed by their owner. */
  close(): Promise<void> {
    this.closing ??= this.queueing.stop().then(() => this.publisher.close());
    return this.closing;
  }

  private report(error: unknown, context: string): void {
    this.options.logger?.error({ err: error, code: (error as { code?: unknown })?.code }, context);
  }
}
