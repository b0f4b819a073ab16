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
          return redactFields(object, 0) as Record<string, unknown>;
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

/** How deep {@link redactFields} walks a log object: deeper values are rare and left as they are. */
const MAX_REDACT_DEPTH = 4;

/**
 * Every string of a log object PII-redacted, in nested plain objects and arrays too (an activity,
 * a handoff context), not only a top-level `text`. Errors are left to pino's serializer.
 */
function redactFields(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactPii(value);
  if (depth >= MAX_REDACT_DEPTH || typeof value !== 'object' || value === null || value instanceof Error)
    return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = redactFields(field, depth + 1);
  return out;
}

/** A logger that drops everything (tests, benchmarks). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
