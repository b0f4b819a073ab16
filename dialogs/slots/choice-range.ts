import { choiceNumberOf } from '../../src/rendering/choice-input';
import type { Choice } from '../../src/rendering/reply';

/**
 * The specific re-prompt for an option number that is not offered ("7" when there are two choices,
 * "0"): the customer meant to pick one, so say which numbers exist rather than "I didn't get that".
 * Undefined when the answer is not a bare option number or the question offered no choices.
 * (In-range numbers never get here: `ChoiceInputMiddleware` already turned them into the choice.)
 */
export function outOfRangeChoice(text: string, choices: readonly Choice[]): string | undefined {
  if (choices.length === 0) return undefined;
  const picked = choiceNumberOf(text);
  if (picked === undefined || (picked >= 1 && picked <= choices.length)) return undefined;
  const range = choices.length === 1 ? 'option 1' : `a number from 1 to ${choices.length}`;
  return `There's no option ${picked}: please pick ${range}.`;
}
