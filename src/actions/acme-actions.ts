/**
 * The Acme Bank backend registered as typed backend actions, for the demo bot's dialogs.
 *
 * @example
 * const actions = registerAcmeBankActions(new ActionRegistry({ logger }), new FakeAcmeBank());
 * const cards = await actions.call('listCards', { customerId: 'cust-1001' });
 */
import type { z } from 'zod';
import type { AcmeBankBackend } from './acme-backend';
import { type AcmeOperation, acmeSchemas } from './acme-schemas';
import type { ActionDefinition, ActionMap, ActionRegistry } from './action-registry';

type Schemas<K extends AcmeOperation> = (typeof acmeSchemas)[K];
/** The action wrapping one backend operation. */
export type AcmeAction<K extends AcmeOperation> = ActionDefinition<
  K,
  Schemas<K>['input'],
  Schemas<K>['output']
>;

const DESCRIPTIONS: Record<AcmeOperation, { description: string; politeMessage?: string }> = {
  findCustomer: { description: 'Finds the customer who owns a phone number.' },
  getBalance: { description: "Returns the balances of the customer's accounts." },
  listCards: { description: "Lists the customer's cards with their status." },
  blockCard: {
    description: 'Blocks a card (lost, stolen, damaged, fraud) and orders a replacement.',
    politeMessage:
      "Sorry, I couldn't block your card just now. For your safety, please call us at 1-800-555-0199, day or night.",
  },
  sendOneTimeCode: {
    description: 'Sends a six-digit verification code by SMS or email.',
    politeMessage: "Sorry, I couldn't send you a verification code just now. Please try again in a minute.",
  },
  verifyOneTimeCode: { description: 'Checks a verification code the customer typed.' },
  createDisputeCase: {
    description: 'Opens a dispute for a card transaction.',
    politeMessage: "Sorry, I couldn't open your dispute just now. I can connect you with an agent who can.",
  },
  changeAddress: { description: 'Changes the mailing address (needs a recent code verification).' },
};

/** The action for one backend operation: same name, the shared schemas, the backend's function. */
export function createAcmeAction<K extends AcmeOperation>(
  backend: AcmeBankBackend,
  operation: K,
): AcmeAction<K> {
  const schemas = acmeSchemas[operation];
  // The backend's function for a generic K is a union TypeScript cannot call; the schemas tie it to K.
  const call = backend[operation].bind(backend) as (
    input: unknown,
    options: { signal: AbortSignal },
  ) => Promise<z.input<Schemas<K>['output']>>;
  return {
    name: operation,
    input: schemas.input as Schemas<K>['input'],
    output: schemas.output as Schemas<K>['output'],
    ...DESCRIPTIONS[operation],
    run: (input, { signal }) => call(input, { signal }),
  };
}

/** Registers every Acme Bank operation on `registry` and returns it with their types. */
export function registerAcmeBankActions<M extends ActionMap>(
  registry: ActionRegistry<M>,
  backend: AcmeBankBackend,
) {
  return registry
    .register(createAcmeAction(backend, 'findCustomer'))
    .register(createAcmeAction(backend, 'getBalance'))
    .register(createAcmeAction(backend, 'listCards'))
    .register(createAcmeAction(backend, 'blockCard'))
    .register(createAcmeAction(backend, 'sendOneTimeCode'))
    .register(createAcmeAction(backend, 'verifyOneTimeCode'))
    .register(createAcmeAction(backend, 'createDisputeCase'))
    .register(createAcmeAction(backend, 'changeAddress'));
}
