import type { AlertLog } from '../../../src/analytics/alerts/alert';
import type { CreateAnalyticsOptions } from '../../../src/analytics/create-analytics';
import { SqlAnalyticsStore } from '../../../src/analytics/sql-analytics-store';
import { loadConfig } from '../../../src/config/load-config';
import { DEMO_PASSWORDS } from '../../../src/console/demo-agents';
import { createDemoServer } from '../../../src/demo/create-demo-server';
import { createSilentLogger } from '../../../src/logging/logger';
import type { SwitchboardServer } from '../../../src/server/switchboard-server';
import type { SqlDatabase } from '../../../src/sql/sql-database';
import { SqliteDatabase } from '../../../src/sql/sqlite-database';
import { createStateServices } from '../../../src/state/state-services';
import { stubIntentReader } from '../../support/intent-stub';
import { TEST_TOKEN_SECRET } from '../../support/test-server';

/** The demo server with analytics on an in-memory SQLite (or the given database), handoff on. */
export interface AnalyticsTestServer {
  server: SwitchboardServer;
  db: SqlDatabase;
  /** A second view of the same database, for assertions (does not close it). */
  store: SqlAnalyticsStore;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the demo server on a free port with analytics writing to `db` (default: a fresh
 * in-memory SQLite). With `extra.sqlitePath`, analytics opens that file itself (the deployment
 * default, written by its own thread) and `db` is a second connection for the test to read.
 * With `extra.audit`, the console and the dashboard record logins there.
 */
export async function startAnalyticsServer(
  db: SqlDatabase = new SqliteDatabase({ path: ':memory:' }),
  alerts?: Pick<AlertLog, 'list'>,
  extra: Pick<CreateAnalyticsOptions, 'sentiment' | 'onSentiment' | 'sqlitePath' | 'audit'> = {},
): Promise<AnalyticsTestServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      handoff: { positionUpdateIntervalMs: 60_000 },
    },
  });
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state: createStateServices({}),
    readIntent: stubIntentReader({ ...DEFAULT_INTENTS }),
    // The console's and the dashboard's logins, failed logins and logouts.
    audit: extra.audit,
    analytics: {
      ...extra,
      db: extra.sqlitePath ? undefined : db,
      alerts,
      buffer: { flushIntervalMs: 20, initialBackoffMs: 20, maxBackoffMs: 100 },
    },
  });
  const port = await server.start();
  return {
    server,
    db,
    store: new SqlAnalyticsStore({ db, ownsDatabase: false }),
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      if (extra.sqlitePath) await db.close();
    },
  };
}

const DEFAULT_INTENTS: Record<string, string> = {
  hello: 'greeting',
  'talk to a person': 'talk_to_agent',
  'i lost my card': 'report_lost_card',
  cancel: 'cancel',
};

/** A web chat customer over HTTP (`POST /webchat/messages`). */
export class HttpCustomer {
  private n = 0;
  private constructor(
    private readonly baseUrl: string,
    readonly token: string,
    readonly conversationId: string,
    readonly userId: string,
  ) {}

  static async start(baseUrl: string): Promise<HttpCustomer> {
    const res = await fetch(`${baseUrl}/webchat/session`, { method: 'POST' });
    const session = (await res.json()) as { token: string; conversationId: string; userId: string };
    return new HttpCustomer(baseUrl, session.token, session.conversationId, session.userId);
  }

  /** Sends a message; resolves with the bot's reply texts. */
  async say(text: string): Promise<string[]> {
    const res = await fetch(`${this.baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ type: 'message', clientMessageId: `m-${this.n++}`, text }),
    });
    if (res.status !== 200) throw new Error(`say: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { messages: Array<{ text?: string }> };
    return body.messages.map((m) => m.text ?? '');
  }

  /** Every message of the conversation so far. */
  async history(): Promise<string[]> {
    const res = await fetch(`${this.baseUrl}/webchat/messages?after=0`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return ((await res.json()) as { messages: Array<{ text?: string }> }).messages.map((m) => m.text ?? '');
  }
}

/** Logs in to the dashboard API; resolves with the session cookie, or the failed response. */
export async function dashboardLogin(
  baseUrl: string,
  username: string,
): Promise<{ status: number; cookie: string; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/analytics/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORDS[username] }),
  });
  return {
    status: res.status,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    body: await res.json(),
  };
}
