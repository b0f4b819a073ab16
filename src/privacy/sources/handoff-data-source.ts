import type { EscalationQueue } from '../../handoff/escalation-queue';
import type { Handoff } from '../../handoff/handoff-record';
import type { HandoffStore } from '../../handoff/handoff-store';
import type { CustomerDataExport, CustomerDataSource, CustomerRef } from '../customer-data';

/** Options of {@link HandoffDataSource}. */
export interface HandoffDataSourceOptions {
  store: Required<Pick<HandoffStore, 'listByConversation' | 'eraseConversation'>>;
  /** The skill queues: a waiting customer's job (it carries their name) is removed with the record. */
  queue: Pick<EscalationQueue, 'remove' | 'cancelTimer'>;
}

/**
 * The customer's handoff records (who served them, the reason, the context the bot passed on) and
 * their queued jobs (BullMQ or in-process) with the wait-timeout timers.
 */
export class HandoffDataSource implements CustomerDataSource {
  readonly name = 'handoffs';

  constructor(private readonly options: HandoffDataSourceOptions) {}

  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    return { source: this.name, records: await this.handoffsOf(customer) };
  }

  async erase(customer: CustomerRef): Promise<number> {
    const handoffs = await this.handoffsOf(customer);
    for (const handoff of handoffs) {
      await this.options.queue.remove(handoff.id, handoff.skill);
      await this.options.queue.cancelTimer({ kind: 'wait-timeout', handoffId: handoff.id });
    }
    let erased = 0;
    for (const [channelId, conversationId] of conversationsOf(customer)) {
      erased += await this.options.store.eraseConversation(channelId, conversationId);
    }
    return erased;
  }

  private async handoffsOf(customer: CustomerRef): Promise<Handoff[]> {
    const found: Handoff[] = [];
    for (const [channelId, conversationId] of conversationsOf(customer)) {
      found.push(...(await this.options.store.listByConversation(channelId, conversationId)));
    }
    return found;
  }
}

/** (channel, conversation) pairs: each known conversation on each of the customer's channels. */
function conversationsOf(customer: CustomerRef): Array<[string, string]> {
  const channels = [...new Set(customer.identities.map((i) => i.channelId))];
  return channels.flatMap((c) => (customer.conversationIds ?? []).map((id): [string, string] => [c, id]));
}
