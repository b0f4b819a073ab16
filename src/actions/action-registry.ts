/**
 * Backend actions: typed async functions the bot calls to fill its replies (`getBalance`,
 * `blockCard`, …). Input and output are validated with zod, every call has a timeout, and a
 * failure comes back as a result with a coded error and a polite message: never a throw, never a crash.
 *
 * @example
 * const getBalance = defineAction({
 *   name: 'getBalance',
 *   input: z.object({ customerId: z.string() }),
 *   output: z.object({ balance: moneySchema }),
 *   run: ({ customerId }, { signal }) => backend.getBalance({ customerId }, { signal }),
 * });
 * const actions = new ActionRegistry({ logger }).register(getBalance);
 * const result = await actions.call('getBalance', { customerId: 'c-1' }, { timeoutMs: 2000 });
 * if (!result.ok) return say(result.politeMessage);
 */
import type { z } from 'zod';
import {
  ActionFailedError,
  ActionInputInvalidError,
  ActionOutputInvalidError,
  ActionTimeoutError,
  ActionUnknownError,
  ConfigError,
  SwitchboardError,
} from '../errors';
import type { Logger } from '../logging/logger';

/** What a running action receives besides its input. */
export interface ActionContext {
  /** Aborted when the call times out or the caller cancels it; pass it on to `fetch` and friends. */
  signal: AbortSignal;
}

/** A backend action: a name, zod schemas for input and output, and the function itself. */
export interface ActionDefinition<
  N extends string = string,
  In extends z.ZodType = z.ZodType,
  Out extends z.ZodType = z.ZodType,
> {
  readonly name: N;
  readonly description?: string;
  readonly input: In;
  readonly output: Out;
  /** Overrides the registry's default timeout for this action. */
  readonly timeoutMs?: number;
  /** What the customer is told when this action fails; defaults to {@link DEFAULT_POLITE_MESSAGE}. */
  readonly politeMessage?: string;
  run(input: z.output<In>, context: ActionContext): Promise<z.input<Out>>;
}

/** Declares an action with its types inferred from the schemas (an identity function). */
export function defineAction<N extends string, In extends z.ZodType, Out extends z.ZodType>(
  action: ActionDefinition<N, In, Out>,
): ActionDefinition<N, In, Out> {
  return action;
}

/** Any action, whatever its schemas. */
export type AnyActionDefinition = ActionDefinition<string, z.ZodType, z.ZodType>;
/** Registered actions by name. */
export type ActionMap = Record<string, AnyActionDefinition>;
/** What an action accepts. */
export type ActionInput<A> = A extends ActionDefinition<string, infer In, z.ZodType> ? z.input<In> : never;
/** What an action returns once validated. */
export type ActionOutput<A> =
  A extends ActionDefinition<string, z.ZodType, infer Out> ? z.output<Out> : never;

/** The outcome of a call: the validated value, or a coded error plus what to tell the customer. */
export type ActionResult<T> =
  | { ok: true; value: T; durationMs: number }
  | { ok: false; error: SwitchboardError; politeMessage: string; durationMs: number };

/** Options of one call. */
export interface ActionCallOptions {
  /** Abort the call after this long (overrides the action's and the registry's default). */
  timeoutMs?: number;
  /** Cancels the call (e.g. the turn was abandoned or the process is shutting down). */
  signal?: AbortSignal;
}

/** Options of {@link ActionRegistry}. */
export interface ActionRegistryOptions {
  /** Failures are logged here with their code (never their input, which may hold PII). */
  logger?: Pick<Logger, 'warn'>;
  /** Timeout of calls that set none. */
  defaultTimeoutMs?: number;
}

/**
 * Default timeout: a customer waiting for a reply notices after ~2 s, and Twilio voice turns must
 * answer well within their 15 s webhook limit; 3 s leaves room for the rest of the turn.
 */
export const DEFAULT_ACTION_TIMEOUT_MS = 3000;

/** What the customer is told when an action fails and the action did not say otherwise. */
export const DEFAULT_POLITE_MESSAGE =
  "Sorry, I can't get that information right now. Please try again in a few minutes, or ask for an agent.";

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * The actions a bot may call, by name, with typed input and output. Build it by chaining
 * {@link ActionRegistry.register} so that `call` knows each action's types.
 */
export class ActionRegistry<M extends ActionMap = Record<never, never>> {
  private readonly actions = new Map<string, AnyActionDefinition>();
  private readonly logger: Pick<Logger, 'warn'> | undefined;
  private readonly defaultTimeoutMs: number;

  constructor(options: ActionRegistryOptions = {}) {
    this.logger = options.logger;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
  }

  /** Adds an action; throws `ConfigError` when the name is taken (a startup bug, not a runtime failure). */
  register<A extends AnyActionDefinition>(action: A): ActionRegistry<M & { [K in A['name']]: A }> {
    if (this.actions.has(action.name)) {
      throw new ConfigError(
        `Backend action "${action.name}" is registered twice. Give each action a unique name.`,
      );
    }
    this.actions.set(action.name, action);
    return this as unknown as ActionRegistry<M & { [K in A['name']]: A }>;
  }

  /** Names of the registered actions. */
  names(): string[] {
    return [...this.actions.keys()];
  }

  /** Calls an action with a timeout; resolves with a result, never rejects. */
  async call<N extends keyof M & string>(
    name: N,
    input: ActionInput<M[N]>,
    options: ActionCallOptions = {},
  ): Promise<ActionResult<ActionOutput<M[N]>>> {
    const started = performance.now();
    const action = this.actions.get(name);
    const outcome = action ? await this.execute(action, input, options) : new ActionUnknownError(name);
    const durationMs = performance.now() - started;
    if (!(outcome instanceof SwitchboardError)) {
      return { ok: true, value: outcome.value as ActionOutput<M[N]>, durationMs };
    }
    this.logger?.warn({ code: outcome.code, action: name, durationMs }, 'backend action failed');
    const politeMessage = action?.politeMessage ?? DEFAULT_POLITE_MESSAGE;
    return { ok: false, error: outcome, politeMessage, durationMs };
  }

  private async execute(
    action: AnyActionDefinition,
    input: unknown,
    options: ActionCallOptions,
  ): Promise<{ value: unknown } | SwitchboardError> {
    const parsedInput = action.input.safeParse(input);
    if (!parsedInput.success)
      return new ActionInputInvalidError(action.name, describeIssues(parsedInput.error));
    let raw: unknown;
    try {
      raw = await this.invoke(action, parsedInput.data, options);
    } catch (error) {
      if (error instanceof SwitchboardError) return error;
      return new ActionFailedError(action.name, 'it threw an error', { cause: error });
    }
    const parsedOutput = action.output.safeParse(raw);
    if (!parsedOutput.success)
      return new ActionOutputInvalidError(action.name, describeIssues(parsedOutput.error));
    return { value: parsedOutput.data };
  }

  /** Runs the action, racing it against the timeout and the caller's signal; both abort the action's signal. */
  private async invoke(
    action: AnyActionDefinition,
    input: unknown,
    options: ActionCallOptions,
  ): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? action.timeoutMs ?? this.defaultTimeoutMs;
    const controller = new AbortController();
    const caller = options.signal;
    let timer: NodeJS.Timeout | undefined;
    let onCallerAbort = (): void => {};
    const stopped = new Promise<never>((_, reject) => {
      const stop = (error: SwitchboardError): void => {
        controller.abort(error);
        reject(error);
      };
      timer = setTimeout(() => stop(new ActionTimeoutError(action.name, timeoutMs)), timeoutMs);
      onCallerAbort = () =>
        stop(
          new ActionFailedError(action.name, 'the call was cancelled by the caller', {
            cause: caller?.reason,
          }),
        );
      if (caller?.aborted) onCallerAbort();
      else caller?.addEventListener('abort', onCallerAbort, { once: true });
    });
    try {
      const running = Promise.resolve().then(() => action.run(input, { signal: controller.signal }));
      return await Promise.race([running, stopped]);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    }
  }
}
