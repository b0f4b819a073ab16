import type { Handoff } from './handoff-record';

/** What the updater needs from the service. */
export interface PositionSource {
  get(handoffId: string): Promise<Handoff | undefined>;
  /** Position and estimate of a pending handoff, or undefined when it is not waiting. */
  waitOf(handoff: Handoff): Promise<{ position: number; etaMinutes: number } | undefined>;
  /** Tells the customer the new position. */
  notify(handoff: Handoff, position: number, etaMinutes: number): Promise<void>;
  onError(error: unknown, context: string): void;
}

/**
 * Keeps waiting customers informed: every interval, for each handoff this process queued, it
 * re-reads the position and tells the customer when it changed. Best effort by design: the
 * tracking is per process (a restarted process stops updating its customers until their next
 * change of queue); the wait timeout, which matters more, is a durable timer.
 */
export class PositionUpdater {
  private readonly told = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly source: PositionSource,
    private readonly intervalMs: number,
  ) {}

  /** Starts updating `handoffId`, whose customer was just told `position`. */
  track(handoffId: string, position: number): void {
    this.told.set(handoffId, position);
  }

  untrack(handoffId: string): void {
    this.told.delete(handoffId);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => {
        this.running = undefined;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Runs one round now (tests; also what the interval runs). */
  async tick(): Promise<void> {
    for (const [handoffId, told] of [...this.told]) {
      try {
        await this.update(handoffId, told);
      } catch (error) {
        this.source.onError(error, `queue position update of ${handoffId}`);
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.told.clear();
  }

  private async update(handoffId: string, told: number): Promise<void> {
    const handoff = await this.source.get(handoffId);
    const wait = handoff && (await this.source.waitOf(handoff));
    if (!handoff || !wait) {
      this.told.delete(handoffId);
      return;
    }
    if (wait.position === told) return;
    this.told.set(handoffId, wait.position);
    await this.source.notify(handoff, wait.position, wait.etaMinutes);
  }
}
