import { redactPii } from '../privacy/redact';
import type { AgentPresence } from './agent-presence';
import type { AgentDirectory } from './agents';
import type { EscalationQueue, TimerHandler } from './escalation-queue';
import type { Handoff } from './handoff-record';
import type { HandoffStore } from './handoff-store';
import { type PositionSource, PositionUpdater } from './position-updater';
import { WaitEstimator } from './wait-estimator';

/** Options of {@link HandoffQueueing}. */
export interface HandoffQueueingOptions {
  queue: EscalationQueue;
  store: HandoffStore;
  waitTimeoutMs: number;
  positionUpdateIntervalMs: number;
  defaultHandleTimeMs: number;
  directory?: AgentDirectory;
  presence?: AgentPresence;
  /** Tells a waiting customer their new position. */
  notify: PositionSource['notify'];
  onError: (error: unknown, context: string) => void;
}

/** A position and the estimated wait. */
export interface WaitInfo {
  position: number;
  etaMinutes: number;
}

/**
 * A handoff's life in its skill queue: entering it with its wait timeout, leaving it, its position
 * and wait estimate, and the position updates while it waits.
 */
export class HandoffQueueing {
  private readonly estimator: WaitEstimator;
  private readonly updater: PositionUpdater;

  constructor(private readonly options: HandoffQueueingOptions) {
    this.estimator = new WaitEstimator(options);
    this.updater = new PositionUpdater(
      {
        get: (id) => options.store.get(id),
        waitOf: (handoff) => this.waitOf(handoff),
        notify: options.notify,
        onError: options.onError,
      },
      options.positionUpdateIntervalMs,
    );
  }

  /** Consumes fired timers and starts the position updates. */
  async start(onTimer: TimerHandler): Promise<void> {
    await this.consumeTimers(onTimer);
    this.startUpdates();
  }

  /** Consumes fired timers in this process (worker role). */
  consumeTimers(onTimer: TimerHandler): Promise<void> {
    return this.options.queue.onTimer(onTimer);
  }

  /** Starts the position updates of the handoffs this process queued (web role). */
  startUpdates(): void {
    this.updater.start();
  }

  /** Puts a pending handoff in its skill queue and starts its wait timeout; returns its place. */
  async enter(handoff: Handoff): Promise<WaitInfo> {
    const { id, skill, priority, queuedAt, channelId, customer, context, reason } = handoff;
    // Queue jobs get redacted text only (an SMS customer's "name" is often their phone number).
    const customerName = customer.name === undefined ? undefined : redactPii(customer.name);
    const summary = { channelId, customerName, intent: context.intent, reason };
    await this.options.queue.enqueue({ handoffId: id, skill, priority, queuedAt, summary });
    await this.options.queue.scheduleTimer(
      { kind: 'wait-timeout', handoffId: id },
      this.options.waitTimeoutMs,
    );
    return this.track(handoff);
  }

  /** Starts position updates for a waiting handoff (this process tells its customer); returns its place. */
  async track(handoff: Handoff): Promise<WaitInfo> {
    const wait = (await this.waitOf(handoff)) ?? { position: 1, etaMinutes: 1 };
    if (handoff.status === 'pending') this.updater.track(handoff.id, wait.position);
    return wait;
  }

  /** The handoff was taken by an agent: no more timeout or position updates. */
  async taken(handoff: Handoff): Promise<void> {
    this.updater.untrack(handoff.id);
    await this.options.queue.cancelTimer({ kind: 'wait-timeout', handoffId: handoff.id });
  }

  /** The handoff left the queue without an agent (cancelled, expired). */
  async leave(handoff: Handoff): Promise<void> {
    this.updater.untrack(handoff.id);
    await this.options.queue.remove(handoff.id, handoff.skill);
    await this.options.queue.cancelTimer({ kind: 'wait-timeout', handoffId: handoff.id });
  }

  /** Position and wait estimate of a pending handoff; undefined when it is not waiting. */
  async waitOf(handoff: Handoff): Promise<WaitInfo | undefined> {
    if (handoff.status !== 'pending') return undefined;
    const position = await this.options.queue.position(handoff.id, handoff.skill);
    if (position === undefined) return undefined;
    return { position, etaMinutes: await this.estimator.estimateMinutes(handoff.skill, position) };
  }

  stop(): Promise<void> {
    return this.updater.stop();
  }
}
