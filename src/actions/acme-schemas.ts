/**
 * Schemas of the Acme Bank demo backend: one zod schema per request and response, shared by the
 * in-process fake ({@link FakeAcmeBank}), the registered actions and any HTTP implementation.
 */
import { z } from 'zod';

/** Money in minor units with its ISO 4217 currency. */
export const moneySchema = z.object({
  amountMinor: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** A postal address. */
export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(3).max(12),
  country: z.string().regex(/^[A-Z]{2}$/),
});

/** A payment card, identified to customers by its last four digits. */
export const cardSchema = z.object({
  cardId: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  type: z.enum(['debit', 'credit']),
  network: z.enum(['visa', 'mastercard']),
  status: z.enum(['active', 'blocked', 'expired']),
  /** `MM/YY`. */
  expires: z.string().regex(/^\d{2}\/\d{2}$/),
});

/** A deposit or credit account with its balances. */
export const accountSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['checking', 'savings', 'credit']),
  name: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  balance: moneySchema,
  available: moneySchema,
});

const customerIdInput = z.object({ customerId: z.string().min(1) });

/** Requests and responses of every backend operation. */
export const acmeSchemas = {
  findCustomer: {
    input: z.object({ phone: z.string().regex(/^\+\d{7,15}$/) }),
    output: z.discriminatedUnion('found', [
      z.object({ found: z.literal(true), customerId: z.string(), firstName: z.string() }),
      z.object({ found: z.literal(false) }),
    ]),
  },
  getBalance: {
    input: customerIdInput,
    output: z.object({ customerId: z.string(), accounts: z.array(accountSchema), asOf: z.iso.datetime() }),
  },
  listCards: { input: customerIdInput, output: z.object({ cards: z.array(cardSchema) }) },
  blockCard: {
    input: customerIdInput.extend({
      last4: z.string().regex(/^\d{4}$/),
      reason: z.enum(['lost', 'stolen', 'damaged', 'fraud']),
    }),
    output: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('blocked'),
        last4: z.string(),
        reference: z.string(),
        replacementBy: z.iso.date(),
      }),
      z.object({ status: z.literal('already_blocked'), last4: z.string() }),
      z.object({ status: z.literal('not_found') }),
    ]),
  },
  sendOneTimeCode: {
    input: customerIdInput.extend({ channel: z.enum(['sms', 'email']) }),
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('sent'), destination: z.string(), expiresAt: z.iso.datetime() }),
      z.object({ status: z.literal('rate_limited'), retryAfterSeconds: z.number().int().positive() }),
    ]),
  },
  verifyOneTimeCode: {
    input: customerIdInput.extend({ code: z.string().regex(/^\d{6}$/) }),
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('verified') }),
      z.object({ status: z.literal('invalid'), attemptsLeft: z.number().int().nonnegative() }),
      z.object({ status: z.literal('expired') }),
      z.object({ status: z.literal('locked') }),
    ]),
  },
  createDisputeCase: {
    input: customerIdInput.extend({
      last4: z.string().regex(/^\d{4}$/),
      merchant: z.string().trim().min(1).max(120),
      amount: moneySchema,
      transactionDate: z.iso.date(),
      reason: z.enum(['unrecognized', 'duplicate', 'not_received', 'wrong_amount', 'other']),
    }),
    output: z.object({ caseId: z.string(), status: z.literal('open'), expectedResolutionBy: z.iso.date() }),
  },
  changeAddress: {
    input: customerIdInput.extend({ address: addressSchema }),
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('updated'), effectiveDate: z.iso.date() }),
      z.object({ status: z.literal('verification_required') }),
    ]),
  },
} as const;

/** Names of the backend operations. */
export type AcmeOperation = keyof typeof acmeSchemas;
/** The request type of an operation. */
export type AcmeInput<K extends AcmeOperation> = z.input<(typeof acmeSchemas)[K]['input']>;
/** The response type of an operation. */
export type AcmeOutput<K extends AcmeOperation> = z.output<(typeof acmeSchemas)[K]['output']>;
/** A card. */
export type AcmeCard = z.output<typeof cardSchema>;
/** An account. */
export type AcmeAccount = z.output<typeof accountSchema>;
/** An address. */
export type AcmeAddress = z.output<typeof addressSchema>;
