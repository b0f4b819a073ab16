import { EntityRecognizer, resolveOverlaps } from '../../src/nlu/entities/entity-recognizer';
import type { Entity } from '../../src/nlu/types';

/** Thursday 12 March 2026, 15:00 UTC. */
const REFERENCE = new Date('2026-03-12T15:00:00Z');
const recognizer = new EntityRecognizer({
  now: () => REFERENCE,
  definitions: [
    {
      kind: 'regex',
      name: 'order_id',
      pattern: 'order #?([A-Z]{2}\\d{4})',
      source: { file: 'x.yaml', line: 1 },
    },
    {
      kind: 'lookup',
      name: 'card_type',
      values: [
        { value: 'debit', synonyms: ['debit card', 'atm card'] },
        { value: 'credit', synonyms: ['credit card', 'visa'] },
      ],
      source: { file: 'x.yaml', line: 2 },
    },
  ],
});

function only(text: string, type: string): Entity {
  const found = recognizer.recognize(text).filter((e) => e.type === type);
  expect(found).toHaveLength(1);
  const entity = found[0] as Entity;
  expect(text.slice(entity.start, entity.end)).toBe(entity.text);
  return entity;
}

describe('EntityRecognizer', () => {
  it('resolves "last Tuesday" relative to the injected reference date', () => {
    const e = only('I paid last Tuesday', 'datetime');
    expect(e).toMatchObject({
      text: 'last Tuesday',
      source: 'datetime',
      value: { start: '2026-03-10', end: null, hasTime: false },
    });
  });

  it('keeps the time of day and ranges', () => {
    expect(only('call me tomorrow at 3pm', 'datetime').value).toEqual({
      start: '2026-03-13T15:00:00.000Z',
      end: null,
      hasTime: true,
    });
    expect(only('away from March 3 to March 5', 'datetime').value).toMatchObject({
      start: '2026-03-03',
      end: '2026-03-05',
    });
  });

  it('finds money amounts with their currency', () => {
    expect(only('I was charged $1,249.99 twice', 'money')).toMatchObject({
      text: '$1,249.99',
      value: { amount: 1249.99, currency: 'USD' },
      source: 'money',
    });
    expect(only('send 50 euros to Anna', 'money').value).toEqual({ amount: 50, currency: 'EUR' });
    expect(only('GBP 20 please', 'money').value).toEqual({ amount: 20, currency: 'GBP' });
  });

  it('finds numbers that are not part of another entity', () => {
    expect(only('I need 3 new cards', 'number')).toMatchObject({ text: '3', value: 3, source: 'number' });
    expect(only('order twelve cheques', 'number').value).toBe(12);
  });

  it('finds phone numbers in E.164 and emails lowercased', () => {
    expect(only('call +1 415-555-0132 now', 'phone_number')).toMatchObject({
      value: '+14155550132',
      source: 'phone',
    });
    expect(only('mail Jane.Doe@Example.com', 'email')).toMatchObject({
      text: 'Jane.Doe@Example.com',
      value: 'jane.doe@example.com',
      source: 'email',
    });
  });

  it('finds card and account last-4 digits, with the span on the digits', () => {
    const e = only('block the card ending in 4821 please', 'card_last4');
    expect(e).toMatchObject({ text: '4821', value: '4821', source: 'card_last4', start: 25, end: 29 });
    expect(only('my account ****7310 is locked', 'card_last4').value).toBe('7310');
    expect(recognizer.recognize('block the card ending in 4821').some((x) => x.type === 'number')).toBe(
      false,
    );
  });

  it('applies the data entities: regex (capture group) and lookup with synonyms', () => {
    expect(only('where is order #AB1234', 'order_id')).toMatchObject({
      text: 'AB1234',
      value: 'AB1234',
      source: 'regex',
    });
    expect(only('I lost my ATM card', 'card_type')).toMatchObject({
      text: 'ATM card',
      value: 'debit',
      source: 'lookup',
    });
    expect(only('my visa is gone', 'card_type').value).toBe('credit');
  });

  it('returns nothing for empty text and keeps the longer, higher-priority mention on overlap', () => {
    expect(recognizer.recognize('   ')).toEqual([]);
    const a: Entity = { type: 'number', text: '12', start: 0, end: 2, value: 12, source: 'number' };
    const b: Entity = {
      type: 'money',
      text: '12 dollars',
      start: 0,
      end: 10,
      value: { amount: 12, currency: 'USD' },
      source: 'money',
    };
    expect(resolveOverlaps([a, b])).toEqual([b]);
  });
});
