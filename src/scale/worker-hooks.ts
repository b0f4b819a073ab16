/**
 * A queue consumer that runs in worker processes (`--role worker` or `all`): handoff timers,
 * outbound retries, and whatever other capabilities register (analytics ingestion, retention).
 *
 * @example
 * server.workers.register({ name: 'retention', start: () => sweeper.start(), close: () => sweeper.stop() });
 */
export interface WorkerHook {
  /** Shown in logs and in the worker's readiness report. */
  readonly name: string;
  /** Starts consuming; resolves once the consumer is ready. */
  start(): Promise<void>;
  /** Stops consuming; running jobs finish first; idempotent. */
  close(): Promise<void>;
}

/**
 * The worker hooks of one process, started together in registration order and closed together in
 * reverse order. Registration is open until `start()`; a hook registered later starts at once.
 */
export class WorkerHooks {
  readonly #hooks: WorkerHook[] = [];
  #started = false;
  #closing: Promise<void> | undefined;

  /** Adds a hook; resolves once it runs, when the hooks were already started (else at once). */
  async register(hook: WorkerHook): Promise<void> {
    this.#hooks.push(hook);
    if (this.#started && !this.#closing) await hook.start();
  }

  /** The registered hooks' names, in order. */
  get names(): string[] {
    return this.#hooks.map((hook) => hook.name);
  }

  /** True once `start()` ran and `close()` did not. */
  get running(): boolean {
    return this.#started && !this.#closing;
  }

  /** Starts every hook, in order; idempotent. */
  async start(): Promise<void> {
    if (this.#started || this.#closing) return;
    this.#started = true;
    for (const hook of this.#hooks) await hook.start();
  }

  /** Stops consuming: closes every hook, last registered first; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const hook of [...this.#hooks].reverse()) await hook.close();
    })();
    return this.#closing;
  }
}
