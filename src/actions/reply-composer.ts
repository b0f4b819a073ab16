/**
 * Composes a reply from a template, known slot values (entities, conversation state) and backend
 * actions run in parallel. Either every slot is filled and the whole text comes back, or the
 * customer gets a polite message and the coded error is logged: never a half-filled reply.
 *
 * @example
 * const reply = await composeReply({
 *   template: { default: 'Your {account.name} balance is {account.available}.', sms: 'Avail: {account.available}' },
 *   channel: 'sms',
 *   actions: { account: async () => mapOk(await actions.call('getBalance', { customerId }), (b) => b.accounts[0]) },
 * });
 * await context.sendActivity(reply.text);
 */
import type { SwitchboardError } from '../errors';
import type { Logger } from '../logging/logger';
import { type ActionResult, DEFAULT_POLITE_MESSAGE } from './action-registry';
import { renderTemplate, type TemplateSource } from './template';

/** A slot filled by a backend action: call it and return its result. */
export type ActionSlot = () => Promise<ActionResult<unknown>>;

/** Options of {@link composeReply}. */
export interface ComposeReplyOptions {
  template: TemplateSource;
  /** The channel the reply goes to; picks the template variant. */
  channel?: string;
  /** Values already known (entities, conversation state). */
  slots?: Readonly<Record<string, unknown>>;
  /** Slots filled by backend actions, run in parallel; each value is stored under its key. */
  actions?: Readonly<Record<string, ActionSlot>>;
  locale?: string;
  timeZone?: string;
  /** Template failures are logged here with their code. */
  logger?: Pick<Logger, 'warn'>;
}

/** A reply ready to send: the filled template, or a polite message when something failed. */
export type ComposedReply = { ok: true; text: string } | { ok: false; text: string; error: SwitchboardError };

/** Maps the value of a successful action result, keeping failures as they are. */
export function mapOk<T, U>(result: ActionResult<T>, map: (value: T) => U): ActionResult<U> {
  return result.ok ? { ...result, value: map(result.value) } : result;
}

/** Runs the action slots, fills the template and returns the text to send (see the module doc). */
export async function composeReply(options: ComposeReplyOptions): Promise<ComposedReply> {
  const entries = Object.entries(options.actions ?? {});
  const results = await Promise.all(entries.map(async ([slot, run]) => [slot, await run()] as const));
  const slots: Record<string, unknown> = { ...options.slots };
  for (const [slot, result] of results) {
    // The registry already logged the action's failure; the first one decides the polite text.
    if (!result.ok) return { ok: false, text: result.politeMessage, error: result.error };
    slots[slot] = result.value;
  }
  const rendered = renderTemplate(options.template, {
    channel: options.channel,
    slots,
    locale: options.locale,
    timeZone: options.timeZone,
  });
  if (rendered.ok) return { ok: true, text: rendered.text };
  options.logger?.warn(
    { code: rendered.error.code, missing: rendered.missing },
    'reply template could not be filled',
  );
  return { ok: false, text: DEFAULT_POLITE_MESSAGE, error: rendered.error };
}
