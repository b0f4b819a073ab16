import type { SlotParse } from '../slot-dialog';

const YES = /^(y|yes|yeah|yep|yup|sure|ok|okay|correct|right|confirm|do it|please do|1)\b/i;
const NO = /^(n|no|nope|nah|not really|wrong|don'?t|do not|2)\b/i;

/** Reads a yes/no answer ("yes", "yeah", "no", "nope"; 1/2 when numbered). */
export function parseYesNo(text: string): SlotParse<boolean> {
  const said = text.trim();
  if (YES.test(said)) return { ok: true, value: true };
  if (NO.test(said)) return { ok: true, value: false };
  return { ok: false, reprompt: 'Please answer yes or no.' };
}
