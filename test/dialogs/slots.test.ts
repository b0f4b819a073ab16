/** Slot answers that are bad input (issue #5, "Bad input"): each gets a specific re-prompt. */
import { outOfRangeChoice } from '../../dialogs/slots/choice-range';
import { parseAmount, parseFreeText, parsePastDate } from '../../dialogs/slots/parsers';
import { CONFIRM_CHOICES } from '../../src/rendering/reply';

const CARDS = [
  { title: 'Debit card ending 4821', value: '4821' },
  { title: 'Credit card ending 9034', value: '9034' },
];
const WEDNESDAY = new Date('2025-03-05T15:00:00.000Z');

describe('outOfRangeChoice', () => {
  test('an option number that is not offered names the numbers that are', () => {
    expect(outOfRangeChoice('7', CARDS)).toBe("There's no option 7: please pick a number from 1 to 2.");
    expect(outOfRangeChoice('option 0', CONFIRM_CHOICES)).toBe(
      "There's no option 0: please pick a number from 1 to 2.",
    );
    expect(outOfRangeChoice('3', [CARDS[0] as (typeof CARDS)[number]])).toBe(
      "There's no option 3: please pick option 1.",
    );
  });

  test('in-range numbers, other text and questions without choices are left to the parser', () => {
    expect(outOfRangeChoice('2', CARDS)).toBeUndefined();
    expect(outOfRangeChoice('4821', CARDS)).toBeUndefined();
    expect(outOfRangeChoice('the platinum one', CARDS)).toBeUndefined();
    expect(outOfRangeChoice('7', [])).toBeUndefined();
  });
});

describe('slot parsers', () => {
  test('amounts: unreadable, not positive and too large are each re-prompted', () => {
    expect(parseAmount('a lot')).toEqual({ ok: false, reprompt: expect.stringContaining('like 42.10') });
    expect(parseAmount('-5')).toEqual({ ok: false, reprompt: expect.stringContaining('more than zero') });
    expect(parseAmount('25000')).toEqual({ ok: false, reprompt: expect.stringContaining('up to $10000') });
    expect(parseAmount('it was $42.10')).toEqual({ ok: true, value: { amount: 42.1, currency: 'USD' } });
  });

  test('dispute dates: "last Tuesday" resolves against the clock; a future date is refused', () => {
    expect(parsePastDate('last Tuesday', WEDNESDAY)).toEqual({ ok: true, value: '2025-03-04' });
    expect(parsePastDate('tomorrow', WEDNESDAY)).toEqual({
      ok: false,
      reprompt: '2025-03-06 is in the future. When did the charge happen?',
    });
  });

  test('a very long free-text answer is refused with the limit, not truncated', () => {
    const parsed = parseFreeText('x'.repeat(5000), 'merchant name');
    expect(parsed).toEqual({
      ok: false,
      reprompt: "That's a bit long: please give the merchant name in 80 characters or fewer.",
    });
  });
});
