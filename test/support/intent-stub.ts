import type { IntentReader } from '../../dialogs/intent';

/**
 * A deterministic intent source for tests of the pipeline and channels (the real NLU is tested in
 * test/nlu): exact, case-insensitive texts map to intents; anything else is out of scope.
 */
export function stubIntentReader(map: Record<string, string> = DEFAULT_STUB_INTENTS): IntentReader {
  const lower = new Map(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
  return (context) => {
    const text = context.activity.text?.trim().toLowerCase() ?? '';
    const intent = lower.get(text);
    return intent
      ? { intent, score: 1, outOfScope: false }
      : { intent: 'None', score: 0.1, outOfScope: true };
  };
}

/** Intents of the demo bot's first dialogs. */
export const DEFAULT_STUB_INTENTS: Record<string, string> = {
  hello: 'greeting',
  hi: 'greeting',
  help: 'help',
  bye: 'goodbye',
  'talk to a person': 'talk_to_agent',
  'check my balance': 'check_balance',
  'report a lost card': 'report_lost_card',
  'i lost my card': 'report_lost_card',
  cancel: 'cancel',
  'opening hours': 'help',
};
