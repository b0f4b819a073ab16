import type { Middleware } from 'botbuilder-core';
import type { IntentReader } from '../../dialogs/intent';
import { loadConfig } from '../../src/config/load-config';
import type { ConfigInput } from '../../src/config/schema';
import { createDemoServer } from '../../src/demo/create-demo-server';
import { createSilentLogger } from '../../src/logging/logger';
import type { SwitchboardServer } from '../../src/server/switchboard-server';
import { createStateServices } from '../../src/state/state-services';
import { stubIntentReader } from './intent-stub';

/** A demo server started on a free loopback port, for tests. */
export interface TestServer {
  server: SwitchboardServer;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** A shared token secret so that two test servers accept each other's sessions. */
export const TEST_TOKEN_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  redisUrl?: string;
  keyPrefix?: string;
  readIntent?: IntentReader;
  inner?: Middleware[];
  config?: ConfigInput;
}

/** Starts the demo server (memory state, or Redis when `redisUrl` is given) on port 0. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      server: { port: 0, shutdownTimeoutMs: 2000 },
      webchat: { tokenSecrets: [TEST_TOKEN_SECRET] },
      ...options.config,
    },
  });
  const state = createStateServices({ redisUrl: options.redisUrl, keyPrefix: options.keyPrefix });
  const server = createDemoServer({
    config,
    logger: createSilentLogger(),
    state,
    readIntent: options.readIntent ?? stubIntentReader(),
    // Analytics in memory: tests never share the demo's .data/analytics.sqlite.
    analytics: { sqlitePath: ':memory:' },
    inner: options.inner,
  });
  const port = await server.start();
  return {
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/webchat/socket`,
    close: () => server.close(),
  };
}
