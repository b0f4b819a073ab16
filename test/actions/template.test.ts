import { parseTemplate, renderTemplate, selectVariant } from '../../src/actions/template';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

describe('renderTemplate', () => {
  it('fills every slot, formatting money with its currency', () => {
    const result = renderTemplate('Hi {name}, your balance is {balance}.', {
      slots: { name: 'Maria', balance: usd(123450) },
    });
    expect(result).toEqual({ ok: true, text: 'Hi Maria, your balance is $1,234.50.', variant: 'default' });
  });

  it('returns a typed failure naming every missing slot instead of a half-filled text', () => {
    const result = renderTemplate('Card ending {last4} is {status}; reference {reference}.', {
      slots: { last4: '4821' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.missing).toEqual(['status', 'reference']);
    expect(result.error.code).toBe('SWB_ERR_TEMPLATE_SLOT_MISSING');
    expect(result.error.message).toContain('{status}');
  });

  it('treats empty strings, null, NaN and plain objects as missing', () => {
    for (const value of ['  ', null, Number.NaN, { some: 'object' }, []]) {
      const result = renderTemplate('Value: {v}', { slots: { v: value } });
      expect(result.ok).toBe(false);
    }
  });

  it('chooses the variant of the channel and falls back to the default', () => {
    const template = {
      default: 'Your balance is {balance}.',
      sms: 'Bal: {balance}',
      voice: 'You have {balance}.',
    };
    const slots = { balance: usd(1050) };
    expect(renderTemplate(template, { channel: 'sms', slots })).toMatchObject({
      text: 'Bal: $10.50',
      variant: 'sms',
    });
    expect(renderTemplate(template, { channel: 'voice', slots })).toMatchObject({
      text: 'You have 10.50 US dollars.',
      variant: 'voice',
    });
    expect(renderTemplate(template, { channel: 'slack', slots })).toMatchObject({ variant: 'default' });
    expect(renderTemplate(template, { channel: 'msteams', slots })).toMatchObject({ variant: 'default' });
  });

  it('formats dates in the given time zone, lists, nested paths and digits', () => {
    const result = renderTemplate('Arrives {eta:date}; cards {cards}; {card.last4}; ref {ref:digits}', {
      slots: { eta: '2025-03-10', cards: ['4821', '9034'], card: { last4: '1177' }, ref: 'BLK-1' },
      timeZone: 'UTC',
    });
    expect(result).toMatchObject({
      ok: true,
      text: 'Arrives Mar 10, 2025; cards 4821 and 9034; 1177; ref B L K - 1',
    });
  });

  it('formats currencies without minor units correctly', () => {
    expect(renderTemplate('{fee}', { slots: { fee: { amountMinor: 1500, currency: 'JPY' } } })).toMatchObject(
      { text: '¥1,500' },
    );
  });

  it('keeps doubled braces literal and reports malformed templates as a typed failure', () => {
    expect(renderTemplate('{{not a slot}} {x}', { slots: { x: 1 } })).toMatchObject({
      ok: true,
      text: '{not a slot} 1',
    });
    const broken = renderTemplate('Hello {name', { slots: { name: 'x' } });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.code).toBe('SWB_ERR_TEMPLATE_SYNTAX');
  });
});

describe('parseTemplate', () => {
  it('lists the slots once each', () => {
    expect(parseTemplate('{a} {b:date} {a}').slots).toEqual(['a', 'b']);
  });

  it('rejects unknown formats and stray braces', () => {
    expect(() => parseTemplate('{a:weird}')).toThrow(/unknown format/);
    expect(() => parseTemplate('a } b')).toThrow(/stray/);
  });
});

describe('selectVariant', () => {
  it('uses a plain string for every channel', () => {
    expect(selectVariant('same', 'voice')).toEqual({ variant: 'default', text: 'same' });
  });
});
