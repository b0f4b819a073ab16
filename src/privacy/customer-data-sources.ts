import { ConsentStore } from '../../adapters/twilio-sms/consent-store';
import type { EscalationQueue } from '../handoff/escalation-queue';
import type { HandoffStore } from '../handoff/handoff-store';
import type { StateServices } from '../state/ports';
import type { CustomerDataSource } from './customer-data';
import { canListKeys } from './privacy-runtime';
import { BotStateDataSource } from './sources/bot-state-data-source';
import { HandoffDataSource } from './sources/handoff-data-source';
import { SmsConsentDataSource } from './sources/sms-consent-data-source';

/** The stores of a deployment, as the composition root has them. */
export interface DeploymentStores {
  state: Pick<StateServices, 'storage' | 'locks' | 'replies'>;
  /** Transcripts, analytics, …: those implementing `CustomerDataSource` are used, others skipped. */
  stores?: readonly unknown[];
  handoff?: { store: HandoffStore; queue: EscalationQueue };
}

/** True when a store implements the `CustomerDataSource` port. */
export function isCustomerDataSource(store: unknown): store is CustomerDataSource {
  const candidate = store as Partial<CustomerDataSource> | undefined;
  return (
    typeof candidate?.name === 'string' &&
    typeof candidate.export === 'function' &&
    typeof candidate.erase === 'function'
  );
}

/**
 * Every customer-data source of a deployment: bot state (when the storage can list keys), the given
 * stores that implement the port, handoff records and queued jobs (when the store can find them by
 * conversation), SMS consent.
 */
export function customerDataSources(parts: DeploymentStores): CustomerDataSource[] {
  const sources: CustomerDataSource[] = [];
  const { storage, locks, replies } = parts.state;
  if (canListKeys(storage)) sources.push(new BotStateDataSource({ storage, replies }));
  sources.push(...(parts.stores ?? []).filter(isCustomerDataSource));
  const store = parts.handoff?.store;
  if (parts.handoff && store?.listByConversation && store.eraseConversation) {
    const { listByConversation, eraseConversation } = store;
    sources.push(
      new HandoffDataSource({
        store: {
          listByConversation: listByConversation.bind(store),
          eraseConversation: eraseConversation.bind(store),
        },
        queue: parts.handoff.queue,
      }),
    );
  }
  sources.push(new SmsConsentDataSource({ consent: new ConsentStore(storage, locks) }));
  return sources;
}
