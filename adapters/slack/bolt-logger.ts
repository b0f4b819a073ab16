import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logging/logger';

/**
 * Bolt's and the Web API client's logger interface on top of our pino logger, so their messages
 * land in the same JSON log (secrets and PII redacted by it). Levels follow pino's; Bolt's
 * `setLevel` is ignored because the process logger decides.
 */
export function boltLoggerOf(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack-bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      const err = parts.find((p): p is Error => p instanceof Error);
      const message = parts
        .filter((p) => !(p instanceof Error))
        .map(describe)
        .join(' ');
      if (err) child[level]({ err }, message);
      else child[level](message);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => boltLevelOf(logger.level),
    setName: () => undefined,
  };
}

/** Bolt's level for a pino level name. */
export function boltLevelOf(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}
