/**
 * `switchboard customer export|erase --id <channel>:<userId> [--id …] [--conversation ID …] [--out FILE]`:
 * exports (JSON) or erases one customer from every store the configuration points at, and
 * records the request in the audit log (actor `cli`).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config';
import type { SwitchboardConfig } from '../../config/schema';
import { hasErrorCode } from '../../errors';
import { openCustomerDataService } from '../../privacy/customer-data-wiring';
import { customerFromIds } from '../../privacy/customer-ref';

const USAGE = `Usage: switchboard customer <export|erase> --id <channelId>:<userId> [--id …] [options]
  --id            an identity of the customer (repeat for each channel), e.g. webchat:u-123, sms:+15551234567
  --conversation  a conversation known to be theirs (repeatable; others are found from the stores)
  --out FILE      export: write the JSON there instead of stdout
Stores: REDIS_URL (state, handoffs, queued jobs, SMS consent), DATABASE_URL or the SQLite files
.data/analytics.sqlite (transcripts, analytics events) and .data/audit.sqlite (audit log). Without REDIS_URL a running server's in-memory state
cannot be reached from here: use POST /api/admin/customers/erase on that server instead.
`;

/** Where the command writes (tests pass their own). */
export interface CustomerCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** What the command runs against (tests pass their own; default: `loadConfig()`, the default SQLite file). */
export interface CustomerCommandDeps {
  config?: SwitchboardConfig;
  sqlitePath?: string;
  auditSqlitePath?: string;
}

/** Runs the command; resolves with the exit code. */
export async function run(
  args: string[],
  io: CustomerCommandIo = process,
  deps: CustomerCommandDeps = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string', multiple: true, default: [] },
      conversation: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const action = positionals[0];
  if (values.help || (action !== 'export' && action !== 'erase')) {
    io.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    const customer = customerFromIds(values.id, values.conversation);
    const opened = await openCustomerDataService(deps.config ?? loadConfig(), deps);
    try {
      const result =
        action === 'export'
          ? await opened.service.export(customer, 'cli')
          : await opened.service.erase(customer, 'cli');
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (values.out) writeFileSync(values.out, json, { mode: 0o600 });
      else io.stdout.write(json);
      return 0;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (!hasErrorCode(error, 'SWB_ERR_CUSTOMER_REF')) throw error;
    io.stderr.write(`${error.code}: ${error.message}\n`);
    return 2;
  }
}
