import type { DialogServices } from '../dialog-services';
import { SlotDialog, type SlotOptions } from '../slot-dialog';
import { type CardOption, parseCard } from '../slots/parsers';

/** A card as offered to the customer: "Debit card ending 4821". */
export function cardChoice(card: CardOption): { title: string; value: string } {
  const type = card.type.charAt(0).toUpperCase() + card.type.slice(1);
  return { title: `${type} card ending ${card.last4}`, value: card.last4 };
}

function cardsOf(options: SlotOptions): CardOption[] {
  return (options.choices ?? []).map((c) => ({
    last4: c.value,
    type: c.title.split(' ')[0]?.toLowerCase() ?? '',
  }));
}

/** The "which card?" slot: buttons (numbers on SMS, keypad on voice) or the last 4 digits typed. */
export function cardSlot(dialogId: string, question: string): SlotDialog<string> {
  return new SlotDialog<string>(dialogId, {
    prompt: (options) => ({ text: question, choices: options.choices }),
    parse: (text, _context, options) => parseCard(text, cardsOf(options)),
    help: 'Pick one of your cards, or type its last 4 digits.',
  });
}

/** The customer's active cards, or a polite failure message. */
export async function activeCards(
  services: DialogServices,
  customerId: string,
): Promise<{ ok: true; cards: CardOption[] } | { ok: false; message: string }> {
  const result = await services.actions.call('listCards', { customerId });
  if (!result.ok) return { ok: false, message: result.politeMessage };
  return { ok: true, cards: result.value.cards.filter((c) => c.status === 'active') };
}

/** The card a customer named in their first message ("I lost my card ending in 4821"), if it is theirs. */
export function cardFromEntities(
  services: DialogServices,
  context: Parameters<DialogServices['readIntent']>[0],
  cards: readonly CardOption[],
): string | undefined {
  const said = services.readIntent(context)?.entities?.find((e) => e.type === 'card_last4')?.value;
  return cards.find((c) => c.last4 === said)?.last4;
}
