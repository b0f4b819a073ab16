import { Writable } from 'node:stream';
import pino from 'pino';
import { registerAcmeBankActions } from '../../src/actions/acme-actions';
import { FakeAcmeBank } from '../../src/actions/acme-backend';
import { ActionRegistry, DEFAULT_POLITE_MESSAGE } from '../../src/actions/action-registry';
import { composeReply, mapOk } from '../../src/actions/reply-composer';

const template = {
  default: 'Hi {name}, your {account.name} has {account.available} available.',
  sms: '{account.name}: {account.available}',
};

function bank(latencyMs = 0) {
  return registerAcmeBankActions(new ActionRegistry(), new FakeAcmeBank({ latencyMs }));
}

describe('composeReply', () => {
  it('fills slots from state and from a backend action', async () => {
    const actions = bank();
    const reply = await composeReply({
      template,
      channel: 'sms',
      slots: { name: 'Maria' },
      actions: {
        account: async () =>
          mapOk(await actions.call('getBalance', { customerId: 'cust-1001' }), (b) => b.accounts[0]),
      },
    });
    expect(reply).toEqual({ ok: true, text: 'Everyday Checking: $4,180.75' });
  });

  it('answers politely, never half-filled, when the action times out', async () => {
    const actions = bank(500);
    const reply = await composeReply({
      template,
      slots: { name: 'Maria' },
      actions: { account: () => actions.call('getBalance', { customerId: 'cust-1001' }, { timeoutMs: 10 }) },
    });
    expect(reply).toMatchObject({ ok: false, text: DEFAULT_POLITE_MESSAGE });
    if (!reply.ok) expect(reply.error.code).toBe('SWB_ERR_ACTION_TIMEOUT');
  });

  it('answers politely and logs the coded error when a slot is missing', async () => {
    const lines: string[] = [];
    const logger = pino(new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }));
    const reply = await composeReply({ template, slots: { name: 'Maria' }, logger });
    expect(reply).toMatchObject({ ok: false, text: DEFAULT_POLITE_MESSAGE });
    expect(lines.join('')).toContain('SWB_ERR_TEMPLATE_SLOT_MISSING');
  });
});
