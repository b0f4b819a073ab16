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
  kind: 'string' | 'int' | 'float' | 'bool' | 'list' | 'json';
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
  { env: 'REDIS_KEY_PREFIX', path: 'redisKeyPrefix', kind: 'string' },
  { env: 'DATABASE_URL', path: 'databaseUrl', kind: 'string', secret: true },
  { env: 'LOG_LEVEL', path: 'log.level', kind: 'string' },
  { env: 'WEBCHAT_TOKEN_SECRETS', path: 'webchat.tokenSecrets', kind: 'list', secret: true },
  { env: 'WEBCHAT_TOKEN_TTL_MS', path: 'webchat.tokenTtlMs', kind: 'int' },
  { env: 'WEBCHAT_ALLOWED_ORIGINS', path: 'security.webchatAllowedOrigins', kind: 'list' },
  { env: 'RATE_LIMITS_ENABLED', path: 'security.rateLimits.enabled', kind: 'bool' },
  { env: 'TRUST_PROXY_HOPS', path: 'security.trustProxyHops', kind: 'int' },
  { env: 'WEBCHAT_MAX_TEXT_CHARS', path: 'webchat.maxTextChars', kind: 'int' },
  { env: 'NLU_MODEL_DIR', path: 'nlu.modelDir', kind: 'string' },
  { env: 'NLU_THRESHOLD', path: 'nlu.threshold', kind: 'float' },
  { env: 'FAQ_DIR', path: 'faq.dir', kind: 'string' },
  { env: 'TURN_LOCK_WAIT_MS', path: 'turnLock.waitMs', kind: 'int' },
  { env: 'TURN_LOCK_TTL_MS', path: 'turnLock.ttlMs', kind: 'int' },
  { env: 'SLACK_SIGNING_SECRET', path: 'channels.slack.signingSecret', kind: 'string', secret: true },
  { env: 'SLACK_BOT_TOKEN', path: 'channels.slack.botToken', kind: 'string', secret: true },
  { env: 'SLACK_API_URL', path: 'channels.slack.apiUrl', kind: 'string' },
  { env: 'SLACK_ENABLED', path: 'channels.slack.enabled', kind: 'bool' },
  { env: 'SLACK_TEAM_ID', path: 'channels.slack.teamId', kind: 'string' },
  { env: 'SLACK_SOCKET_MODE', path: 'channels.slack.socketMode', kind: 'bool' },
  { env: 'SLACK_APP_TOKEN', path: 'channels.slack.appToken', kind: 'string', secret: true },
  { env: 'SLACK_DESK_CHANNELS', path: 'channels.slack.desk.channels', kind: 'json' },
  { env: 'SLACK_DESK_AGENTS', path: 'channels.slack.desk.agents', kind: 'json' },
  { env: 'TWILIO_ACCOUNT_SID', path: 'channels.twilio.accountSid', kind: 'string' },
  { env: 'TWILIO_AUTH_TOKEN', path: 'channels.twilio.authToken', kind: 'string', secret: true },
  { env: 'TWILIO_PHONE_NUMBER', path: 'channels.twilio.phoneNumber', kind: 'string' },
  { env: 'TWILIO_API_BASE_URL', path: 'channels.twilio.apiBaseUrl', kind: 'string' },
  { env: 'TWILIO_ENABLED', path: 'channels.twilio.enabled', kind: 'bool' },
  { env: 'TWILIO_SMS_HELP_TEXT', path: 'channels.twilio.smsHelpText', kind: 'string' },
  { env: 'TWILIO_VOICE_LANGUAGE', path: 'channels.twilio.voiceLanguage', kind: 'string' },
  { env: 'TWILIO_VOICE_MIN_CONFIDENCE', path: 'channels.twilio.voiceMinConfidence', kind: 'float' },
  { env: 'HANDOFF_SKILLS', path: 'handoff.skills', kind: 'list' },
  { env: 'HANDOFF_DEFAULT_SKILL', path: 'handoff.defaultSkill', kind: 'string' },
  { env: 'HANDOFF_INTENT_SKILLS', path: 'handoff.intentSkills', kind: 'json' },
  { env: 'HANDOFF_WAIT_TIMEOUT_MS', path: 'handoff.waitTimeoutMs', kind: 'int' },
  { env: 'HANDOFF_GRACE_MS', path: 'handoff.graceMs', kind: 'int' },
  { env: 'HANDOFF_POSITION_UPDATE_MS', path: 'handoff.positionUpdateIntervalMs', kind: 'int' },
  { env: 'HANDOFF_AGENTS_FILE', path: 'handoff.agentsFile', kind: 'string' },
  { env: 'CONSOLE_SESSION_SECRETS', path: 'handoff.sessionSecrets', kind: 'list', secret: true },
  { env: 'PRIVACY_ENCRYPTION_KEYS', path: 'privacy.encryptionKeys', kind: 'list', secret: true },
  { env: 'PRIVACY_RETENTION_DAYS', path: 'privacy.retentionDays', kind: 'int' },
  { env: 'ALERTS_ENABLED', path: 'analytics.alerts.enabled', kind: 'bool' },
  { env: 'ALERTS_WEBHOOK_URL', path: 'analytics.alerts.webhookUrl', kind: 'string', secret: true },
  { env: 'ALERTS_SLACK_CHANNEL', path: 'analytics.alerts.slackChannel', kind: 'string' },
  { env: 'ALERTS_WINDOW_MS', path: 'analytics.alerts.windowMs', kind: 'int' },
  { env: 'ALERTS_BASELINE_MS', path: 'analytics.alerts.baselineMs', kind: 'int' },
  { env: 'ALERTS_RATIO', path: 'analytics.alerts.ratio', kind: 'float' },
  { env: 'ALERTS_MIN_INCREASE', path: 'analytics.alerts.minIncrease', kind: 'float' },
  { env: 'ALERTS_MIN_MESSAGES', path: 'analytics.alerts.minMessages', kind: 'int' },
  { env: 'ALERTS_MIN_BASELINE_MESSAGES', path: 'analytics.alerts.minBaselineMessages', kind: 'int' },
  { env: 'ALERTS_COOLDOWN_MS', path: 'analytics.alerts.cooldownMs', kind: 'int' },
  { env: 'METRICS_ENABLED', path: 'monitoring.metricsEnabled', kind: 'bool' },
  { env: 'METRICS_TOKEN', path: 'monitoring.metricsToken', kind: 'string', secret: true },
];

/**
 * The binding for a configuration path, if an environment variable sets it or one of its
 * parents (`webchat.tokenSecrets.0` belongs to `WEBCHAT_TOKEN_SECRETS`).
 */
export function bindingForPath(path: string): EnvBinding | undefined {
  return ENV_BINDINGS.find((b) => path === b.path || path.startsWith(`${b.path}.`));
}
