/**
 * Dialog ids are persisted in conversation state mid-conversation (issue #5): renaming one strands
 * the customers who were in it. This pins every id the demo bot registers and checks that each is
 * listed in docs/dialogs.md, so a rename or a new dialog cannot slip in unnoticed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConversationState, MemoryStorage, UserState } from 'botbuilder-core';
import { ComponentDialog, type Dialog } from 'botbuilder-dialogs';
import { createAcmeActions } from '../../dialogs/acme-bot';
import { NoAgentsEscalator } from '../../dialogs/escalation';
import { createHandoffDialogs } from '../../dialogs/handoff/handoff-dialogs';
import { MainDialog } from '../../dialogs/main-dialog';

/**
 * Every persisted id, sorted: the demo bot's and the after-handoff dialogs' (their own stack, see
 * src/bot/handoff/handoff-dialog-runner.ts). Add new ids here and in docs/dialogs.md; never rename one.
 */
const STABLE_IDS = [
  'changeAddress',
  'changeAddress.city',
  'changeAddress.confirm',
  'changeAddress.state',
  'changeAddress.steps',
  'changeAddress.street',
  'changeAddress.zip',
  'checkBalance',
  'checkBalance.steps',
  'disputeCharge',
  'disputeCharge.amount',
  'disputeCharge.card',
  'disputeCharge.confirm',
  'disputeCharge.date',
  'disputeCharge.merchant',
  'disputeCharge.steps',
  'faq',
  'faq.helped',
  'faq.steps',
  'handoff.csat',
  'handoff.expiredOffer',
  'identify',
  'identify.phone',
  'identify.steps',
  'lostCard',
  'lostCard.card',
  'lostCard.confirm',
  'lostCard.steps',
  'main',
  'main.route',
  'offerHuman',
  'offerHuman.confirm',
  'offerHuman.steps',
  'verifyCode',
  'verifyCode.code',
  'verifyCode.steps',
];

function collectIds(dialog: Dialog, into: Set<string>): Set<string> {
  into.add(dialog.id);
  if (dialog instanceof ComponentDialog) {
    for (const child of dialog.dialogs.getDialogs()) collectIds(child, into);
  }
  return into;
}

/** The ids of the demo bot's dialogs and of the dialogs that follow a handoff. */
function registeredIds(): string[] {
  return [...demoDialogIds(), ...handoffDialogIds()].sort();
}

function demoDialogIds(): string[] {
  const storage = new MemoryStorage();
  const main = new MainDialog({
    readIntent: () => undefined,
    profile: new UserState(storage).createProperty('profile'),
    lowConfidence: new ConversationState(storage).createProperty('lowConfidenceStreak'),
    actions: createAcmeActions(),
    escalator: new NoAgentsEscalator(),
    now: () => new Date(),
  });
  return [...collectIds(main, new Set())].sort();
}

function handoffDialogIds(): string[] {
  const dialogs = createHandoffDialogs({ storage: new MemoryStorage() });
  return [...collectIds(dialogs.resolved, new Set()), ...collectIds(dialogs.expired, new Set())].sort();
}

describe('dialog ids', () => {
  test('the demo bot registers exactly the pinned ids', () => {
    expect(registeredIds()).toEqual(STABLE_IDS);
  });

  test('every id is documented in docs/dialogs.md', () => {
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'dialogs.md'), 'utf8');
    expect(registeredIds().filter((id) => !docs.includes(`\`${id}\``))).toEqual([]);
  });
});
