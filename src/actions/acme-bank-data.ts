/**
 * Fictional customers of the Acme Bank demo backend. Phone numbers are in the 555-01xx range
 * reserved for fiction; card numbers are last four digits only.
 */
import type { AcmeAccount, AcmeAddress, AcmeCard } from './acme-schemas';

/** A dispute or service case on file. */
export interface AcmeCase {
  caseId: string;
  kind: 'dispute' | 'address_change' | 'card_block';
  status: 'open' | 'closed';
  openedOn: string;
}

/** One customer record of the fake bank. */
export interface AcmeCustomer {
  customerId: string;
  firstName: string;
  lastName: string;
  /** E.164. */
  phone: string;
  email: string;
  address: AcmeAddress;
  accounts: AcmeAccount[];
  cards: AcmeCard[];
  cases: AcmeCase[];
}

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

/** A fresh copy of the demo customers (each fake bank gets its own, so tests stay independent). */
export function createAcmeCustomers(): AcmeCustomer[] {
  return [
    {
      customerId: 'cust-1001',
      firstName: 'Maria',
      lastName: 'Garcia',
      phone: '+12025550101',
      email: 'maria.garcia@example.com',
      address: {
        line1: '12 Elm Street',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'US',
      },
      accounts: [
        {
          accountId: 'acc-1001-chk',
          kind: 'checking',
          name: 'Everyday Checking',
          last4: '6612',
          balance: usd(425075),
          available: usd(418075),
        },
        {
          accountId: 'acc-1001-sav',
          kind: 'savings',
          name: 'High-Yield Savings',
          last4: '6630',
          balance: usd(1200000),
          available: usd(1200000),
        },
      ],
      cards: [
        {
          cardId: 'card-1001-d',
          last4: '4821',
          type: 'debit',
          network: 'visa',
          status: 'active',
          expires: '08/28',
        },
        {
          cardId: 'card-1001-c',
          last4: '9034',
          type: 'credit',
          network: 'mastercard',
          status: 'active',
          expires: '03/27',
        },
      ],
      cases: [],
    },
    {
      customerId: 'cust-1002',
      firstName: 'James',
      lastName: 'Okafor',
      phone: '+12025550102',
      email: 'james.okafor@example.com',
      address: {
        line1: '480 Harbor Road',
        line2: 'Apt 5B',
        city: 'Portland',
        region: 'ME',
        postalCode: '04101',
        country: 'US',
      },
      accounts: [
        {
          accountId: 'acc-1002-chk',
          kind: 'checking',
          name: 'Everyday Checking',
          last4: '7745',
          balance: usd(8912),
          available: usd(8912),
        },
        {
          accountId: 'acc-1002-cc',
          kind: 'credit',
          name: 'Acme Rewards Card',
          last4: '5521',
          balance: usd(-64230),
          available: usd(435770),
        },
      ],
      cards: [
        {
          cardId: 'card-1002-d',
          last4: '1177',
          type: 'debit',
          network: 'visa',
          status: 'active',
          expires: '11/27',
        },
        {
          cardId: 'card-1002-c',
          last4: '5521',
          type: 'credit',
          network: 'mastercard',
          status: 'blocked',
          expires: '01/29',
        },
      ],
      cases: [{ caseId: 'BLK-099871', kind: 'card_block', status: 'closed', openedOn: '2024-02-11' }],
    },
    {
      customerId: 'cust-1003',
      firstName: 'Lin',
      lastName: 'Chen',
      phone: '+12025550103',
      email: 'lin.chen@example.com',
      address: { line1: '9 Cedar Court', city: 'Austin', region: 'TX', postalCode: '73301', country: 'US' },
      accounts: [
        {
          accountId: 'acc-1003-chk',
          kind: 'checking',
          name: 'Premier Checking',
          last4: '3301',
          balance: usd(1532000),
          available: usd(1529550),
        },
        {
          accountId: 'acc-1003-sav',
          kind: 'savings',
          name: 'High-Yield Savings',
          last4: '3318',
          balance: usd(25000000),
          available: usd(25000000),
        },
      ],
      cards: [
        {
          cardId: 'card-1003-d',
          last4: '3390',
          type: 'debit',
          network: 'visa',
          status: 'active',
          expires: '05/29',
        },
      ],
      cases: [{ caseId: 'CASE-199001', kind: 'dispute', status: 'open', openedOn: '2024-05-02' }],
    },
  ];
}
