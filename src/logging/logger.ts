import pino, { type Logger } from 'pino';
import { redactPii } from '../privacy/redact';

export type { Logger } from 'pino';

/** Field paths that may hold secrets; pino replaces their values with `[SECRET]`. */
const SECRET_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authToken',
  '*.signingSecret',
  '*.botToken',
  '*.tokenSecrets',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["x-twilio-signature"]',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: string;
  /** Where to write (tests pass a stream to read logs back). Defaults to stdout. */
  destination?: pino.DestinationStream;
}

/**
 * Creates the process logger: JSON lines (pino), secrets redacted by path, and PII redacted from
 * every message string and from `text` fields, so a customer's card number never reaches a log.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: SECRET_PATHS, censor: '[SECRET]' },
      formatters: {
        log(object) {
          const text = object['text'];
          return typeof text === 'string' ? { ...object, text: redactPii(text) } : object;
        },
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === 'string' ? redactPii(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
