/**
 * Which environment variable sets which configuration path. One table, so that error messages
 * can name the variable a user actually sets.
 */
export interface EnvBinding {
  /** The environment variable. */
  env: string;
  /** Dotted path in the configuration object. */
  path: string;
  /** How the string is converted. */
  kind: 'string' | 'int' | 'float' | 'bool' | 'list';
  /** Secrets are never printed. */
  secret?: boolean;
}

/** Every environment variable Switchboard reads. */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { env: 'PORT', path: 'server.port', kind: 'int' },
  { env: 'HOST', path: 'server.host', kind: 'string' },
  { env: 'PUBLIC_BASE_URL', path: 'server.publicBaseUrl', kind: 'string' },
  { env: 'SHUTDOWN_TIMEOUT_MS', path: 'server.shutdownTimeoutMs', kind: 'int' },
  { env: 'REDIS_URL', path: 'redisUrl', kind: 'string', secret: true },
  { env: 'DATABASE_URL', path: 'databaseUrl', kind: 'string', secret: true },
  { env: 'LOG_LEVEL', path: 'log.level', kind: 'string' },
  { env: 'WEBCHAT_TOKEN_SECRETS', path: 'webchat.tokenSecrets', kind: 'list', secret: true },
  { env: 'WEBCHAT_TOKEN_TTL_MS', path: 'webchat.tokenTtlMs', kind: 'int' },
  { env: 'WEBCHAT_MAX_TEXT_CHARS', path: 'webchat.maxTextChars', kind: 'int' },
  { env: 'NLU_MODEL_DIR', path: 'nlu.modelDir', kind: 'string' },
  { env: 'NLU_THRESHOLD', path: 'nlu.threshold', kind: 'float' },
  { env: 'FAQ_DIR', path: 'faq.dir', kind: 'string' },
  { env: 'TURN_LOCK_WAIT_MS', path: 'turnLock.waitMs', kind: 'int' },
  { env: 'TURN_LOCK_TTL_MS', path: 'turnLock.ttlMs', kind: 'int' },
  { env: 'SLACK_SIGNING_SECRET', path: 'channels.slack.signingSecret', kind: 'string', secret: true },
  { env: 'SLACK_BOT_TOKEN', path: 'channels.slack.botToken', kind: 'string', secret: true },
  { env: 'SLACK_API_URL', path: 'channels.slack.apiUrl', kind: 'string' },
  { env: 'TWILIO_ACCOUNT_SID', path: 'channels.twilio.accountSid', kind: 'string' },
  { env: 'TWILIO_AUTH_TOKEN', path: 'channels.twilio.authToken', kind: 'string', secret: true },
  { env: 'TWILIO_PHONE_NUMBER', path: 'channels.twilio.phoneNumber', kind: 'string' },
  { env: 'TWILIO_API_BASE_URL', path: 'channels.twilio.apiBaseUrl', kind: 'string' },
];

/**
 * The binding for a configuration path, if an environment variable sets it or one of its
 * parents (`webchat.tokenSecrets.0` belongs to `WEBCHAT_TOKEN_SECRETS`).
 */
export function bindingForPath(path: string): EnvBinding | undefined {
  return ENV_BINDINGS.find((b) => path === b.path || path.startsWith(`${b.path}.`));
}
