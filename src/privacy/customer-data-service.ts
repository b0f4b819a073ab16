import type { AuditLog } from '../audit/audit-log';
import type { CustomerDataExport, CustomerDataSource, CustomerRef } from './customer-data';
import { hashCustomerRef } from './customer-ref';

/** Options of {@link CustomerDataService}. */
export interface CustomerDataServiceOptions {
  /** Every store that holds customer data. */
  sources: readonly CustomerDataSource[];
  audit: AuditLog;
}

/** What an export returns: the customer's data from every source, decrypted. */
export interface CustomerExport {
  /** The hashed customer reference, as in the audit log. */
  customer: string;
  exportedAt: string;
  conversationIds: string[];
  sources: CustomerDataExport[];
}

/** What an erasure removed, per source. */
export interface ErasureReport {
  customer: string;
  conversationIds: string[];
  erased: Record<string, number>;
}

/**
 * Export or erase one customer everywhere: resolves their conversations across every source
 * (conversation references, transcripts, analytics), then exports from or erases in each source,
 * and records `export` / `erase` in the audit log (actor, hashed customer, counts — never the data).
 *
 * @example
 * const service = new CustomerDataService({ sources: [botState, transcripts, handoffs], audit });
 * await service.erase(customerFromIds(['webchat:u-123']), 'admin-api:alice');
 */
export class CustomerDataService {
  constructor(private readonly options: CustomerDataServiceOptions) {}

  /** The conversations known for the customer: the ones given plus every source's findings. */
  async resolve(customer: CustomerRef): Promise<CustomerRef> {
    const found = new Set(customer.conversationIds ?? []);
    for (const source of this.options.sources) {
      for (const id of (await source.conversationsOf?.(customer)) ?? []) found.add(id);
    }
    return { identities: customer.identities, conversationIds: [...found] };
  }

  /** Everything about the customer, as JSON-serialisable records per source. */
  async export(customer: CustomerRef, actor: string): Promise<CustomerExport> {
    const resolved = await this.resolve(customer);
    const sources: CustomerDataExport[] = [];
    for (const source of this.options.sources) sources.push(await source.export(resolved));
    const target = hashCustomerRef(customer);
    await this.options.audit.record({
      actor,
      action: 'export',
      target,
      details: { conversations: resolved.conversationIds?.length ?? 0, ...countsOf(sources) },
    });
    return {
      customer: target,
      exportedAt: new Date().toISOString(),
      conversationIds: resolved.conversationIds ?? [],
      sources,
    };
  }

  /**
   * Deletes the customer from every source. A source that fails does not stop the others; the
   * erasure is audited either way and the first failure is rethrown, so the caller can retry
   * (erasing is idempotent).
   */
  async erase(customer: CustomerRef, actor: string): Promise<ErasureReport> {
    const resolved = await this.resolve(customer);
    const erased: Record<string, number> = {};
    let failure: unknown;
    for (const source of this.options.sources) {
      try {
        erased[source.name] = await source.erase(resolved);
      } catch (error) {
        failure ??= error;
        erased[source.name] = -1;
      }
    }
    const target = hashCustomerRef(customer);
    await this.options.audit.record({
      actor,
      action: 'erase',
      target,
      details: {
        conversations: resolved.conversationIds?.length ?? 0,
        complete: failure === undefined,
        ...erased,
      },
    });
    if (failure !== undefined) throw failure;
    return { customer: target, conversationIds: resolved.conversationIds ?? [], erased };
  }
}

function countsOf(sources: readonly CustomerDataExport[]): Record<string, number> {
  return Object.fromEntries(sources.map((s) => [s.source, s.records.length]));
}
