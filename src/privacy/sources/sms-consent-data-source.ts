import type { ConsentRecord } from '../../../adapters/twilio-sms/consent-store';
import type { CustomerDataExport, CustomerDataSource, CustomerRef } from '../customer-data';

/** The consent store methods this source uses. */
export interface ConsentRecords {
  get(phoneNumber: string): Promise<ConsentRecord | undefined>;
  delete(phoneNumber: string): Promise<void>;
  record(phoneNumber: string, entry: { action: 'opt-out'; source: 'keyword' }): Promise<ConsentRecord>;
}

/** Options of {@link SmsConsentDataSource}. */
export interface SmsConsentDataSourceOptions {
  consent: ConsentRecords;
  /** Channels whose user id is the phone number; default `sms` and `voice`. */
  channels?: readonly string[];
}

/**
 * The SMS consent log of the customer's phone numbers. Erasure deletes the log, but a number that
 * opted out keeps a bare opt-out (number, status, one entry, no message ids or keywords): deleting it
 * would let the bot text a number that said STOP, which the law (TCPA, carrier rules) forbids and
 * which the GDPR allows keeping (Art. 17(3)(b)). See docs/security.md.
 */
export class SmsConsentDataSource implements CustomerDataSource {
  readonly name = 'sms-consent';

  constructor(private readonly options: SmsConsentDataSourceOptions) {}

  async export(customer: CustomerRef): Promise<CustomerDataExport> {
    const records: ConsentRecord[] = [];
    for (const phone of this.phonesOf(customer)) {
      const record = await this.options.consent.get(phone);
      if (record) records.push(record);
    }
    return { source: this.name, records };
  }

  async erase(customer: CustomerRef): Promise<number> {
    let erased = 0;
    for (const phone of this.phonesOf(customer)) {
      const record = await this.options.consent.get(phone);
      if (!record) continue;
      await this.options.consent.delete(phone);
      if (record.status === 'opted-out')
        await this.options.consent.record(phone, { action: 'opt-out', source: 'keyword' });
      erased += 1;
    }
    return erased;
  }

  private phonesOf(customer: CustomerRef): string[] {
    const channels = this.options.channels ?? ['sms', 'voice'];
    return [
      ...new Set(customer.identities.filter((i) => channels.includes(i.channelId)).map((i) => i.userId)),
    ];
  }
}
