import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Turn latency buckets (s): a web chat turn is a few ms; a turn waiting on a slow backend seconds. */
const TURN_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** NLU latency buckets (s): the ONNX classifier answers in about a millisecond. */
const NLU_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
/** Handoff wait buckets (s): seconds to half an hour. */
const WAIT_BUCKETS_S = [5, 15, 30, 60, 120, 300, 600, 1200, 1800];

/** One skill queue at scrape time. */
export interface QueueSnapshot {
  skill: string;
  depth: number;
  /** Epoch ms the longest-waiting customer started waiting; absent when the queue is empty. */
  oldestQueuedAt?: number;
}

/** Values read at scrape time (collected, never pushed). */
export interface MetricsSources {
  /** Turns running now (the server's `TurnTracker.size`). */
  turnsInFlight?: () => number;
  /** Conversations with a turn in the last `monitoring.activeConversationWindowMs`. */
  activeConversations?: () => number;
  /** Analytics events and transcript lines not yet stored. */
  analyticsBacklog?: () => number;
  /** Waiting handoffs per skill, and the epoch ms of each skill's longest waiting customer. */
  queues?: () => Promise<QueueSnapshot[]>;
  now?: () => number;
}

/**
 * Switchboard's Prometheus metrics in their own `Registry` (never prom-client's global one, so
 * several servers in one process, and libraries, do not collide). Gauges of state that lives
 * elsewhere (queues, backlog, in-flight turns) are read at scrape time through {@link MetricsSources}.
 */
export class SwitchboardMetrics {
  readonly registry = new Registry();
  readonly turns: Counter<'channel' | 'outcome'>;
  readonly turnDuration: Histogram<'channel'>;
  readonly nluDuration: Histogram;
  readonly errors: Counter<'code'>;
  readonly alerts: Counter<'intent' | 'channel'>;
  readonly handoffWait: Histogram<'skill'>;
  private sources: MetricsSources = {};

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.turns = new Counter({
      name: 'switchboard_turns_total',
      help: 'Turns processed, by channel and outcome (ok, error, duplicate).',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.turnDuration = new Histogram({
      name: 'switchboard_turn_duration_seconds',
      help: 'Time from a turn entering the pipeline to its end, by channel (lock wait included).',
      labelNames: ['channel'],
      buckets: TURN_BUCKETS_S,
      registers,
    });
    this.nluDuration = new Histogram({
      name: 'switchboard_nlu_duration_seconds',
      help: 'Time the NLU stage takes per customer message.',
      buckets: NLU_BUCKETS_S,
      registers,
    });
    this.errors = new Counter({
      name: 'switchboard_errors_total',
      help: 'Failures by stable error code (SWB_ERR_..., docs/errors.md).',
      labelNames: ['code'],
      registers,
    });
    this.alerts = new Counter({
      name: 'switchboard_sentiment_alerts_total',
      help: 'Negative-sentiment surge alerts raised, by slice ("" = all).',
      labelNames: ['intent', 'channel'],
      registers,
    });
    this.handoffWait = new Histogram({
      name: 'switchboard_handoff_wait_seconds',
      help: 'How long customers waited in a skill queue before an agent took them.',
      labelNames: ['skill'],
      buckets: WAIT_BUCKETS_S,
      registers,
    });
    this.defineCollectedGauges(registers);
  }

  /** Sets (or replaces) the scrape-time sources. */
  collectFrom(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private defineCollectedGauges(registers: Registry[]): void {
    const sources = () => this.sources;
    const simple = (name: string, help: string, read: (s: MetricsSources) => (() => number) | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const value = read(sources());
          if (value) this.set(value());
        },
      });
    simple('switchboard_turns_in_flight', 'Turns running now in this process.', (s) => s.turnsInFlight);
    simple(
      'switchboard_active_conversations',
      'Conversations with a turn in this process within the active window.',
      (s) => s.activeConversations,
    );
    simple(
      'switchboard_analytics_backlog',
      'Analytics events and transcript lines waiting to be stored (grows while the database is down).',
      (s) => s.analyticsBacklog,
    );
    this.defineQueueGauges(registers);
  }

  private defineQueueGauges(registers: Registry[]): void {
    // Both gauges are collected concurrently by one scrape: they share one queue read.
    let reading: Promise<QueueSnapshot[] | undefined> | undefined;
    const read = () => {
      const { queues } = this.sources;
      reading ??= (queues ? queues() : Promise.resolve(undefined)).finally(() => {
        reading = undefined;
      });
      return reading;
    };
    const now = () => (this.sources.now ?? Date.now)();
    new Gauge({
      name: 'switchboard_handoff_queue_depth',
      help: 'Customers waiting for an agent, by skill queue.',
      labelNames: ['skill'],
      registers,
      async collect() {
        const snapshot = await read();
        if (!snapshot) return;
        this.reset();
        for (const q of snapshot) this.set({ skill: q.skill }, q.depth);
      },
    });
    new Gauge({
      name: 'switchboard_handoff_oldest_wait_seconds',
      help: 'How long the longest-waiting customer of each skill queue has waited (0 when empty).',
      labelNames: ['skill'],
      registers,
      async collect() {
        const snapshot = await read();
        if (!snapshot) return;
        this.reset();
        for (const q of snapshot) {
          const waitedS = q.oldestQueuedAt === undefined ? 0 : (now() - q.oldestQueuedAt) / 1000;
          this.set({ skill: q.skill }, Math.max(0, waitedS));
        }
      },
    });
  }
}
