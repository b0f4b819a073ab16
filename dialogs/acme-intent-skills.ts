/**
 * The Acme Bank bot's skill queue per intent: where a person is asked for when the dialog that
 * escalates names no skill (negative sentiment, "agent" outside a form). The forms take their
 * skill from here too, so the two never disagree. Unlisted intents go to `handoff.defaultSkill`;
 * `handoff.intentSkills` in the configuration overrides entries.
 */
export const ACME_INTENT_SKILLS = {
  report_lost_card: 'cards',
  dispute_charge: 'billing',
} as const;
