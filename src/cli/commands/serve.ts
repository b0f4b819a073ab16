import { parseArgs } from 'node:util';
import { loadConfig, redactConfig } from '../../config/load-config';
import { configuredChannels } from '../../demo/configured-channels';
import { createDemoServer } from '../../demo/create-demo-server';
import { loadDemoParts } from '../../demo/load-demo-parts';
import { createLogger } from '../../logging/logger';
import { createStateServices } from '../../state/state-services';

/** `switchboard serve [--port N]`: runs the demo bot until SIGTERM/SIGINT, then drains and exits. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } } });
  const config = loadConfig({ overrides: values.port ? { server: { port: Number(values.port) } } : {} });
  const logger = createLogger({ level: config.log.level });
  logger.info({ config: redactConfig(config) }, 'configuration loaded');
  if (!config.webchat.tokenSecrets) {
    logger.warn('WEBCHAT_TOKEN_SECRETS is not set: using a random secret; web chat sessions end on restart.');
  }
  const state = createStateServices({ redisUrl: config.redisUrl });
  const parts = await loadDemoParts({ config, logger });
  const server = createDemoServer({ config, logger, state, ...parts, channels: configuredChannels(config) });
  const port = await server.start();
  process.stdout.write(`Switchboard demo running: http://localhost:${port}/ (Ctrl+C to stop)\n`);
  await waitForSignal();
  await server.close();
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
