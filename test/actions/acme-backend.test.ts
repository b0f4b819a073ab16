import { registerAcmeBankActions } from '../../src/actions/acme-actions';
import { addBusinessDays, FakeAcmeBank } from '../../src/actions/acme-backend';
import { ActionRegistry } from '../../src/actions/action-registry';

// A Monday, so business-day arithmetic is easy to read.
const NOW = new Date('2025-03-03T10:00:00Z');

function setup() {
  let now = NOW;
  const bank = new FakeAcmeBank({ now: () => now, seed: 7 });
  const actions = registerAcmeBankActions(new ActionRegistry(), bank);
  return { bank, actions, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('FakeAcmeBank through the action registry', () => {
  it('finds a customer by phone and returns balances in minor units', async () => {
    const { actions } = setup();
    const found = await actions.call('findCustomer', { phone: '+12025550101' });
    expect(found).toMatchObject({
      ok: true,
      value: { found: true, customerId: 'cust-1001', firstName: 'Maria' },
    });
    const balance = await actions.call('getBalance', { customerId: 'cust-1001' });
    if (!balance.ok) throw balance.error;
    expect(balance.value.accounts[0]?.available).toEqual({ amountMinor: 418075, currency: 'USD' });
    expect(balance.value.asOf).toBe(NOW.toISOString());
  });

  it('blocks a card with a deterministic reference and knows cards already blocked or unknown', async () => {
    const { actions } = setup();
    const blocked = await actions.call('blockCard', {
      customerId: 'cust-1001',
      last4: '4821',
      reason: 'lost',
    });
    expect(blocked).toMatchObject({
      ok: true,
      value: { status: 'blocked', reference: 'BLK-100001', replacementBy: '2025-03-10' },
    });
    const again = await actions.call('blockCard', { customerId: 'cust-1001', last4: '4821', reason: 'lost' });
    expect(again).toMatchObject({ ok: true, value: { status: 'already_blocked' } });
    const unknown = await actions.call('blockCard', {
      customerId: 'cust-1001',
      last4: '0000',
      reason: 'stolen',
    });
    expect(unknown).toMatchObject({ ok: true, value: { status: 'not_found' } });
    const cards = await actions.call('listCards', { customerId: 'cust-1001' });
    expect(cards.ok && cards.value.cards.find((c) => c.last4 === '4821')?.status).toBe('blocked');
  });

  it('sends reproducible one-time codes, rate-limits resends and locks after three wrong guesses', async () => {
    const first = setup();
    const second = setup();
    await first.actions.call('sendOneTimeCode', { customerId: 'cust-1002', channel: 'sms' });
    await second.actions.call('sendOneTimeCode', { customerId: 'cust-1002', channel: 'sms' });
    expect(first.bank.peekOneTimeCode('cust-1002')).toMatch(/^\d{6}$/);
    expect(first.bank.peekOneTimeCode('cust-1002')).toBe(second.bank.peekOneTimeCode('cust-1002'));
    const resend = await first.actions.call('sendOneTimeCode', { customerId: 'cust-1002', channel: 'sms' });
    expect(resend).toMatchObject({ ok: true, value: { status: 'rate_limited', retryAfterSeconds: 30 } });
    const wrong = first.bank.peekOneTimeCode('cust-1002') === '000000' ? '111111' : '000000';
    const guesses = [];
    for (let i = 0; i < 4; i++)
      guesses.push(await first.actions.call('verifyOneTimeCode', { customerId: 'cust-1002', code: wrong }));
    expect(guesses.map((g) => g.ok && g.value.status)).toEqual(['invalid', 'invalid', 'locked', 'locked']);
  });

  it('changes an address only after a recent verification', async () => {
    const { actions, bank, advance } = setup();
    const address = { line1: '1 New Road', city: 'Boston', region: 'MA', postalCode: '02108', country: 'US' };
    const refused = await actions.call('changeAddress', { customerId: 'cust-1003', address });
    expect(refused).toMatchObject({ ok: true, value: { status: 'verification_required' } });
    await actions.call('sendOneTimeCode', { customerId: 'cust-1003', channel: 'email' });
    const code = bank.peekOneTimeCode('cust-1003') ?? '';
    expect(await actions.call('verifyOneTimeCode', { customerId: 'cust-1003', code })).toMatchObject({
      value: { status: 'verified' },
    });
    expect(await actions.call('changeAddress', { customerId: 'cust-1003', address })).toMatchObject({
      value: { status: 'updated', effectiveDate: '2025-03-03' },
    });
    advance(11 * 60_000);
    expect(await actions.call('changeAddress', { customerId: 'cust-1003', address })).toMatchObject({
      value: { status: 'verification_required' },
    });
  });

  it('opens dispute cases with sequential ids and a resolution date in business days', async () => {
    const { actions } = setup();
    const input = {
      customerId: 'cust-1001',
      last4: '9034',
      merchant: 'Coffee Corner',
      amount: { amountMinor: 1299, currency: 'USD' },
      transactionDate: '2025-02-27',
      reason: 'duplicate' as const,
    };
    const first = await actions.call('createDisputeCase', input);
    const second = await actions.call('createDisputeCase', input);
    expect(first).toMatchObject({
      value: { caseId: 'CASE-200001', status: 'open', expectedResolutionBy: '2025-03-17' },
    });
    expect(second).toMatchObject({ value: { caseId: 'CASE-200002' } });
  });

  it('reports an unknown customer as a failed action, not a crash', async () => {
    const { actions } = setup();
    const result = await actions.call('getBalance', { customerId: 'cust-9999' });
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_FAILED');
  });

  it('times out like a real backend when it is slow', async () => {
    const bank = new FakeAcmeBank({ latencyMs: 200 });
    const actions = registerAcmeBankActions(new ActionRegistry(), bank);
    const result = await actions.call('listCards', { customerId: 'cust-1001' }, { timeoutMs: 20 });
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_TIMEOUT');
  });
});

describe('addBusinessDays', () => {
  it('skips weekends', () => {
    expect(addBusinessDays(new Date('2025-03-07T12:00:00Z'), 1)).toBe('2025-03-10');
  });
});
