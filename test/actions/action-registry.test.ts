import { Writable } from 'node:stream';
import pino from 'pino';
import { z } from 'zod';
import { ActionRegistry, DEFAULT_POLITE_MESSAGE, defineAction } from '../../src/actions/action-registry';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const echo = defineAction({
  name: 'echo',
  input: z.object({ text: z.string() }),
  output: z.object({ upper: z.string() }),
  run: async ({ text }) => ({ upper: text.toUpperCase() }),
});

describe('ActionRegistry', () => {
  it('calls an action with validated, typed input and output', async () => {
    const registry = new ActionRegistry().register(echo);
    const result = await registry.call('echo', { text: 'hi' });
    expect(result).toMatchObject({ ok: true, value: { upper: 'HI' } });
  });

  it('aborts a slow action at its timeout with a coded error, a polite message and a log line', async () => {
    const { logger, lines } = recordingLogger();
    let aborted = false;
    const slow = defineAction({
      name: 'slow',
      input: z.object({}),
      output: z.object({}),
      politeMessage: 'Sorry, that is taking too long.',
      run: (_input, { signal }) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve({}), 5_000).unref();
          signal.addEventListener('abort', () => {
            aborted = true;
            clearTimeout(timer);
          });
        }),
    });
    const registry = new ActionRegistry({ logger }).register(slow);
    const result = await registry.call('slow', {}, { timeoutMs: 30 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SWB_ERR_ACTION_TIMEOUT');
    expect(result.politeMessage).toBe('Sorry, that is taking too long.');
    expect(aborted).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([expect.objectContaining({ code: 'SWB_ERR_ACTION_TIMEOUT', action: 'slow' })]);
  });

  it('rejects output that does not match the schema', async () => {
    const broken = defineAction({
      name: 'broken',
      input: z.object({}),
      output: z.object({ balance: z.number() }),
      // The backend changed its format: the bot must not send "undefined" to a customer.
      run: async () => ({ balance: 'a lot' }) as unknown as { balance: number },
    });
    const result = await new ActionRegistry().register(broken).call('broken', {});
    expect(result).toMatchObject({ ok: false, politeMessage: DEFAULT_POLITE_MESSAGE });
    if (!result.ok) expect(result.error.code).toBe('SWB_ERR_ACTION_OUTPUT_INVALID');
  });

  it('rejects invalid input without running the action', async () => {
    const run = jest.fn(async () => ({ upper: '' }));
    const registry = new ActionRegistry().register({ ...echo, run });
    const result = await registry.call('echo', { text: 42 } as unknown as { text: string });
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_INPUT_INVALID');
    expect(run).not.toHaveBeenCalled();
  });

  it('turns a thrown error into SWB_ERR_ACTION_FAILED without leaking its message', async () => {
    const failing = defineAction({
      name: 'failing',
      input: z.object({}),
      output: z.object({}),
      run: async () => {
        throw new Error('customer 4111 1111 1111 1111 not found');
      },
    });
    const result = await new ActionRegistry().register(failing).call('failing', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SWB_ERR_ACTION_FAILED');
    expect(result.error.message).not.toContain('4111');
    expect(result.error.cause).toBeInstanceOf(Error);
  });

  it('answers an unknown action name with a coded error instead of throwing', async () => {
    const registry = new ActionRegistry() as unknown as ActionRegistry<Record<string, typeof echo>>;
    const result = await registry.call('nope', { text: '' });
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_UNKNOWN');
  });

  it('stops when the caller aborts', async () => {
    const never = defineAction({
      name: 'never',
      input: z.object({}),
      output: z.object({}),
      run: () => new Promise<never>(() => {}),
    });
    const controller = new AbortController();
    const pending = new ActionRegistry()
      .register(never)
      .call('never', {}, { signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    const result = await pending;
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_FAILED');
  });

  it('refuses to register two actions with one name', () => {
    expect(() => new ActionRegistry().register(echo).register(echo)).toThrow(/registered twice/);
  });
});
