import { parseArgs } from 'node:util';
import { auditConfigChange } from '../../audit/config-change';
import { openAuditLog } from '../../audit/open-audit-log';
import { loadConfig, redactConfig } from '../../config/load-config';
import { openAgentDirectory } from '../../console/open-agent-directory';
import { configuredChannels } from '../../demo/configured-channels';
import { createDemoServer } from '../../demo/create-demo-server';
import { loadDemoParts } from '../../demo/load-demo-parts';
import { ConfigError } from '../../errors';
import { createLogger, type Logger } from '../../logging/logger';
import { createOutboundSender } from '../../outbound/create-outbound-sender';
import { applyPrivacyConfig, withEncryptedStorage } from '../../privacy/privacy-runtime';
import { type ProcessRole, parseProcessRole } from '../../scale/process-role';
import { createStateServices } from '../../state/state-services';
import { exitIfStuck, waitForShutdownSignal } from './serve-signals';

/** The embedded default's audit log file (its own file: SQLite serializes writers per file). */
const AUDIT_SQLITE_FILE = '.data/audit.sqlite';

/**
 * `switchboard serve [--port N] [--role web|worker|all]`: runs the demo bot until SIGTERM/SIGINT,
 * then drains in-flight turns, stops consuming jobs, releases locks and exits. The role also comes
 * from `SWITCHBOARD_ROLE`; `web` and `worker` need `REDIS_URL` (they share everything through it).
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, role: { type: 'string' } } });
  const role = parseProcessRole(values.role ?? process.env['SWITCHBOARD_ROLE']);
  const config = loadConfig({ overrides: values.port ? { server: { port: Number(values.port) } } : {} });
  if (role !== 'all' && !config.redisUrl) throw roleNeedsRedis(role);
  const logger = createLogger({ level: config.log.level });
  logger.info({ config: redactConfig(config), role }, 'configuration loaded');
  if (!config.webchat.tokenSecrets) {
    logger.warn('WEBCHAT_TOKEN_SECRETS is not set: using a random secret; web chat sessions end on restart.');
  }
  const redis = { redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix };
  // PII redaction formats and, with privacy.encryptionKeys, state documents encrypted at rest.
  const cipher = applyPrivacyConfig(config);
  const state = withEncryptedStorage(createStateServices(redis), cipher);
  const outbound = createOutboundSender({ ...redis, onError: reportTo(logger) });
  const parts = await loadDemoParts({ config, logger });
  const channels = configuredChannels(config);
  // Agents file, else the swb_agents table (`switchboard agents add`), else the built-in choice.
  const agents = await openAgentDirectory({ config, logger });
  const handoff = { keyPrefix: config.redisKeyPrefix, directory: agents.directory };
  const analytics = cipher ? { cipher } : undefined;
  const audit = await openAuditLog({ databaseUrl: config.databaseUrl, sqlitePath: AUDIT_SQLITE_FILE });
  await auditConfigChange(audit.audit, config);
  const server = createDemoServer({
    config,
    logger,
    state,
    ...parts,
    channels,
    role,
    outbound,
    handoff,
    analytics,
    audit: audit.audit,
    onClose: async () => {
      await parts.onClose?.();
      await audit.close();
      await agents.close();
    },
  });
  const port = await server.start();
  process.stdout.write(`Switchboard ${role} process running: http://localhost:${port}/ (Ctrl+C to stop)\n`);
  await waitForShutdownSignal(logger);
  await server.close();
  exitIfStuck();
  return 0;
}

function roleNeedsRedis(role: ProcessRole): ConfigError {
  return new ConfigError(
    `--role ${role} needs REDIS_URL: web and worker processes share state, locks and queues through Redis. Set REDIS_URL, or run one process with --role all.`,
  );
}

function reportTo(logger: Logger): (error: unknown, context: string) => void {
  return (error, context) => logger.error({ err: error }, context);
}
