import { z } from 'zod';

/** Smallest accepted web chat token secret: 32 bytes of entropy for HMAC-SHA256. */
const MIN_SECRET_CHARS = 32;
/** Largest TCP port. */
const MAX_PORT = 65535;
/** Web chat sessions live a day by default; the widget refreshes its token on every connect. */
const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest customer message accepted; long enough for a detailed complaint, short enough to bound NLU cost. */
const DEFAULT_MAX_TEXT_CHARS = 5000;

const url = z.url({ protocol: /^https?$/ });

/** The whole configuration, validated once at start-up and then frozen. */
export const configSchema = z.strictObject({
  env: z.enum(['development', 'test', 'production']).default('development'),
  server: z
    .strictObject({
      port: z.int().min(0).max(MAX_PORT).default(3000),
      host: z.string().min(1).default('127.0.0.1'),
      publicBaseUrl: url.optional(),
      shutdownTimeoutMs: z.int().positive().default(10_000),
      bodyLimitBytes: z
        .int()
        .positive()
        .default(64 * 1024),
    })
    .prefault({}),
  redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  webchat: z
    .strictObject({
      tokenSecrets: z.array(z.string().min(MIN_SECRET_CHARS)).min(1).optional(),
      tokenTtlMs: z.int().positive().default(DEFAULT_TOKEN_TTL_MS),
      maxTextChars: z.int().positive().default(DEFAULT_MAX_TEXT_CHARS),
    })
    .prefault({}),
  nlu: z
    .strictObject({
      modelDir: z.string().min(1).default('models/acme'),
      threshold: z.number().min(0).max(1).optional(),
    })
    .prefault({}),
  faq: z.strictObject({ dir: z.string().min(1).default('models/faq') }).prefault({}),
  turnLock: z
    .strictObject({ waitMs: z.int().positive().default(10_000), ttlMs: z.int().positive().default(30_000) })
    .prefault({}),
  channels: z
    .strictObject({
      slack: z
        .strictObject({
          signingSecret: z.string().min(1).optional(),
          botToken: z.string().min(1).optional(),
          apiUrl: url.optional(),
        })
        .prefault({}),
      twilio: z
        .strictObject({
          accountSid: z.string().min(1).optional(),
          authToken: z.string().min(1).optional(),
          phoneNumber: z.string().min(1).optional(),
          apiBaseUrl: url.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
});

/** Configuration as written (file or environment), before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
/** Validated, defaulted configuration. */
export type SwitchboardConfig = Readonly<z.output<typeof configSchema>>;
