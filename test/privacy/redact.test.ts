import { generatePiiCorpus, scorePiiCorpus } from '../../bench/lib/pii/corpus';
import { findPii, PiiRedactor, passesIbanCheck, passesLuhn, redactPii } from '../../src/privacy/redact';

describe('redactPii', () => {
  test.each([
    ['card 4111 1111 1111 1111, mail me at a@b.com', 'card [CARD_NUMBER], mail me at [EMAIL]'],
    ['4111-1111-1111-1111 or 378282246310005', '[CARD_NUMBER] or [CARD_NUMBER]'],
    ['IBAN DE89 3704 0044 0532 0130 00 please', 'IBAN [IBAN] please'],
    ['to GB82WEST12345698765432 before Friday', 'to [IBAN] before Friday'],
    ['call (415) 555-2671 or +44 20 7946 0958', 'call [PHONE] or [PHONE]'],
    ['llámame al 612 345 678', 'llámame al [PHONE]'],
    ['appelez le 06 12 34 56 78', 'appelez le [PHONE]'],
    [
      'SSN 123-45-6789, NI AB 12 34 56 C, DNI 12345678Z',
      'SSN [NATIONAL_ID], NI [NATIONAL_ID], DNI [NATIONAL_ID]',
    ],
    ['ship to 123 Main Street, Apt 4B.', 'ship to [ADDRESS].'],
    ['12 rue de la Paix / Calle Mayor 12 / Hauptstraße 5', '[ADDRESS] / [ADDRESS] / [ADDRESS]'],
    [
      'my code is 482913 / el código es 1234 / der Code lautet 99887766',
      'my code is [OTP] / el código es [OTP] / der Code lautet [OTP]',
    ],
    ['account number 12345678', 'account number [BANK_ACCOUNT]'],
  ])('%s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  test.each([
    'It cost $1,250.00 and then 1.000,50 € and 1 250 000 €',
    'on 2026-11-28 at 14:30, or 28/11/2026, or Nov 28, or 28.11.2026',
    'order 10023345 and ref no 55512345, pedido nº 4471229',
    'the card ending in 4242 was charged',
    'Your reference is REF-2026-11-28-7781 (ticket TCK-48213)',
    'zip code 94103, error code 5001',
    'meeting 2026-11-28 14:30',
  ])('leaves ordinary values alone: %s', (text) => {
    expect(redactPii(text)).toBe(text);
  });

  test('a Luhn-failing 16-digit number is not a card', () => {
    expect(findPii('4111 1111 1111 1112').filter((s) => s.kind === 'CARD_NUMBER')).toEqual([]);
  });

  test('configured national id formats replace the defaults', () => {
    const redactor = new PiiRedactor({ nationalIds: [{ name: 'fr-nir', pattern: /\b[12]\d{14}\b/ }] });
    expect(redactor.redact('NIR 185057800608436')).toBe('NIR [NATIONAL_ID]');
    expect(redactor.redact('SSN 123-45-6789')).not.toContain('[NATIONAL_ID]');
  });

  test('a configured national id format without digits is still found in a text without digits', () => {
    const redactor = new PiiRedactor({ nationalIds: [{ name: 'letters', pattern: /\bID-[A-Z]{6}\b/ }] });
    expect(redactor.redact('my id is ID-QWERTY, mail a@example.com')).toBe(
      'my id is [NATIONAL_ID], mail [EMAIL]',
    );
  });

  test('long texts are redacted whole, slice by slice', () => {
    const text = `${'word '.repeat(6000)}card 4111 1111 1111 1111 ${'word '.repeat(2000)}`;
    expect(redactPii(text)).toContain('card [CARD_NUMBER]');
    expect(redactPii(text)).not.toContain('4111');
  });

  test('checksums', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesIbanCheck('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(passesIbanCheck('DE88 3704 0044 0532 0130 00')).toBe(false);
  });
});

describe('PII corpus (the benchmark generator, smaller seeded sample)', () => {
  const score = scorePiiCorpus(generatePiiCorpus(400, 7), findPii);

  test.each(['CARD_NUMBER', 'PHONE', 'EMAIL'])('recall on %s is at least 99 %%', (kind) => {
    expect(score.perKind[kind]?.values).toBeGreaterThan(20);
    expect(score.perKind[kind]?.recall).toBeGreaterThanOrEqual(0.99);
  });

  test('no ordinary amount, date, time, order number, last-4 or reference is redacted', () => {
    expect(score.ordinaryTotal).toBeGreaterThan(200);
    expect(score.ordinaryRedacted).toEqual({});
  });

  test('the corpus covers four languages and is the same for the same seed', () => {
    const a = generatePiiCorpus(60, 3);
    expect(new Set(a.map((m) => m.language))).toEqual(new Set(['en', 'es', 'fr', 'de']));
    expect(generatePiiCorpus(60, 3)).toEqual(a);
  });
});
