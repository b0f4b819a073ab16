/**
 * The Acme Bank demo backend: the interface a bank's API would offer the bot, and an in-process
 * fake with deterministic data, reference numbers and one-time codes (for the demo bot and tests).
 */
import { type AcmeCustomer, createAcmeCustomers } from './acme-bank-data';
import type { AcmeInput, AcmeOperation, AcmeOutput } from './acme-schemas';

/** Per-call options every backend operation accepts. */
export interface AcmeCallOptions {
  signal?: AbortSignal;
}

/** The Acme Bank backend: one async function per operation; an HTTP client would offer the same. */
export type AcmeBankBackend = {
  [K in AcmeOperation]: (input: AcmeInput<K>, options?: AcmeCallOptions) => Promise<AcmeOutput<K>>;
};

/** Options of {@link FakeAcmeBank}. */
export interface FakeAcmeBankOptions {
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /** Simulated network latency of every call, honouring the abort signal. Default 0. */
  latencyMs?: number;
  /** Seed of the one-time-code generator: the same seed gives the same codes. */
  seed?: number;
}

/** A one-time code is valid this long, like most banks' SMS codes. */
const OTP_TTL_MS = 5 * 60_000;
/** Wrong guesses allowed before the code is locked. */
const OTP_MAX_ATTEMPTS = 3;
/** A new code may be requested this long after the previous one (limits SMS pumping). */
const OTP_RESEND_AFTER_MS = 30_000;
/** A successful verification authorizes sensitive changes (address) this long. */
const VERIFICATION_VALID_MS = 10 * 60_000;
const CARD_REPLACEMENT_BUSINESS_DAYS = 5;
const DISPUTE_RESOLUTION_BUSINESS_DAYS = 10;

interface PendingCode {
  code: string;
  sentAt: number;
  expiresAt: number;
  attemptsLeft: number;
}

/** Adds business days (Monday to Friday) to a date; returns `YYYY-MM-DD`. */
export function addBusinessDays(from: Date, days: number): string {
  const date = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date.toISOString().slice(0, 10);
}

/** Mulberry32: a tiny seeded generator, so the fake's codes are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Thrown for a customer id the bank does not know: the caller's state is wrong, not the customer. */
export class AcmeUnknownCustomerError extends Error {
  constructor() {
    super('Unknown customer id');
    this.name = 'AcmeUnknownCustomerError';
  }
}

/**
 * The in-process fake Acme Bank. Deterministic: reference numbers count up from fixed starts, codes
 * come from a seeded generator, dates from the injected clock.
 *
 * @example
 * const bank = new FakeAcmeBank({ now: () => new Date('2025-03-03T10:00:00Z') });
 * await bank.blockCard({ customerId: 'cust-1001', last4: '4821', reason: 'lost' });
 * // { status: 'blocked', last4: '4821', reference: 'BLK-100001', replacementBy: '2025-03-10' }
 */
export class FakeAcmeBank implements AcmeBankBackend {
  private readonly customers = new Map<string, AcmeCustomer>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly verifiedUntil = new Map<string, number>();
  private readonly now: () => Date;
  private readonly latencyMs: number;
  private readonly random: () => number;
  private nextBlockRef = 100001;
  private nextCaseRef = 200001;

  constructor(options: FakeAcmeBankOptions = {}) {
    for (const customer of createAcmeCustomers()) this.customers.set(customer.customerId, customer);
    this.now = options.now ?? (() => new Date());
    this.latencyMs = options.latencyMs ?? 0;
    this.random = seededRandom(options.seed ?? 1);
  }

  /** The code last sent to a customer (the demo prints it; tests type it back). Not part of the backend API. */
  peekOneTimeCode(customerId: string): string | undefined {
    return this.codes.get(customerId)?.code;
  }

  async findCustomer(
    input: AcmeInput<'findCustomer'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'findCustomer'>> {
    await this.delay(options);
    const customer = [...this.customers.values()].find((c) => c.phone === input.phone);
    return customer
      ? { found: true, customerId: customer.customerId, firstName: customer.firstName }
      : { found: false };
  }

  async getBalance(
    input: AcmeInput<'getBalance'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'getBalance'>> {
    const customer = await this.customer(input.customerId, options);
    const accounts = customer.accounts.map((a) => ({
      ...a,
      balance: { ...a.balance },
      available: { ...a.available },
    }));
    return { customerId: customer.customerId, accounts, asOf: this.now().toISOString() };
  }

  async listCards(
    input: AcmeInput<'listCards'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'listCards'>> {
    const customer = await this.customer(input.customerId, options);
    return { cards: customer.cards.map((card) => ({ ...card })) };
  }

  async blockCard(
    input: AcmeInput<'blockCard'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'blockCard'>> {
    const customer = await this.customer(input.customerId, options);
    const card = customer.cards.find((c) => c.last4 === input.last4);
    if (!card) return { status: 'not_found' };
    if (card.status === 'blocked') return { status: 'already_blocked', last4: card.last4 };
    card.status = 'blocked';
    const reference = `BLK-${this.nextBlockRef++}`;
    const today = this.now();
    customer.cases.push({
      caseId: reference,
      kind: 'card_block',
      status: 'closed',
      openedOn: isoDate(today),
    });
    return {
      status: 'blocked',
      last4: card.last4,
      reference,
      replacementBy: addBusinessDays(today, CARD_REPLACEMENT_BUSINESS_DAYS),
    };
  }

  async sendOneTimeCode(
    input: AcmeInput<'sendOneTimeCode'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'sendOneTimeCode'>> {
    const customer = await this.customer(input.customerId, options);
    const now = this.now().getTime();
    const previous = this.codes.get(customer.customerId);
    if (previous && now - previous.sentAt < OTP_RESEND_AFTER_MS) {
      return {
        status: 'rate_limited',
        retryAfterSeconds: Math.ceil((previous.sentAt + OTP_RESEND_AFTER_MS - now) / 1000),
      };
    }
    const code = String(Math.floor(this.random() * 1_000_000)).padStart(6, '0');
    const pending = { code, sentAt: now, expiresAt: now + OTP_TTL_MS, attemptsLeft: OTP_MAX_ATTEMPTS };
    this.codes.set(customer.customerId, pending);
    const destination =
      input.channel === 'sms' ? `***-***-${customer.phone.slice(-4)}` : maskEmail(customer.email);
    return { status: 'sent', destination, expiresAt: new Date(pending.expiresAt).toISOString() };
  }

  async verifyOneTimeCode(
    input: AcmeInput<'verifyOneTimeCode'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'verifyOneTimeCode'>> {
    const customer = await this.customer(input.customerId, options);
    const pending = this.codes.get(customer.customerId);
    const now = this.now().getTime();
    if (!pending || now > pending.expiresAt) return { status: 'expired' };
    if (pending.attemptsLeft <= 0) return { status: 'locked' };
    if (pending.code !== input.code) {
      pending.attemptsLeft--;
      return pending.attemptsLeft > 0
        ? { status: 'invalid', attemptsLeft: pending.attemptsLeft }
        : { status: 'locked' };
    }
    this.codes.delete(customer.customerId);
    this.verifiedUntil.set(customer.customerId, now + VERIFICATION_VALID_MS);
    return { status: 'verified' };
  }

  async createDisputeCase(
    input: AcmeInput<'createDisputeCase'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'createDisputeCase'>> {
    const customer = await this.customer(input.customerId, options);
    const caseId = `CASE-${this.nextCaseRef++}`;
    const today = this.now();
    customer.cases.push({ caseId, kind: 'dispute', status: 'open', openedOn: isoDate(today) });
    return {
      caseId,
      status: 'open',
      expectedResolutionBy: addBusinessDays(today, DISPUTE_RESOLUTION_BUSINESS_DAYS),
    };
  }

  /** Changes the mailing address; needs a one-time-code verification within the last 10 minutes. */
  async changeAddress(
    input: AcmeInput<'changeAddress'>,
    options?: AcmeCallOptions,
  ): Promise<AcmeOutput<'changeAddress'>> {
    const customer = await this.customer(input.customerId, options);
    const verifiedUntil = this.verifiedUntil.get(customer.customerId) ?? 0;
    if (this.now().getTime() > verifiedUntil) return { status: 'verification_required' };
    customer.address = { ...input.address };
    const today = this.now();
    customer.cases.push({
      caseId: `CASE-${this.nextCaseRef++}`,
      kind: 'address_change',
      status: 'closed',
      openedOn: isoDate(today),
    });
    return { status: 'updated', effectiveDate: isoDate(today) };
  }

  private async customer(customerId: string, options?: AcmeCallOptions): Promise<AcmeCustomer> {
    await this.delay(options);
    const customer = this.customers.get(customerId);
    if (!customer) throw new AcmeUnknownCustomerError();
    return customer;
  }

  private delay(options?: AcmeCallOptions): Promise<void> {
    const signal = options?.signal;
    signal?.throwIfAborted();
    if (this.latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, this.latencyMs);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
