import { z } from 'zod';
import { privacySchema } from '../privacy/privacy-config';
import { securitySchema } from '../security/security-config';

/** Smallest accepted web chat token secret: 32 bytes of entropy for HMAC-SHA256. */
const MIN_SECRET_CHARS = 32;
/** Largest TCP port. */
const MAX_PORT = 65535;
/** Web chat sessions live a day by default; the widget refreshes its token on every connect. */
const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest customer message accepted; long enough for a detailed complaint, short enough to bound NLU cost. */
const DEFAULT_MAX_TEXT_CHARS = 5000;
/** A HELP answer must fit two GSM-7 segments (carriers expect a short help message). */
const MAX_SMS_HELP_CHARS = 306;

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
  /** Prefix of every Redis key, channel and BullMQ queue of this deployment (`REDIS_KEY_PREFIX`). */
  redisKeyPrefix: z.string().min(1).default('swb:'),
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
          /** `false` never mounts the Slack channel; unset mounts it when any Slack setting is present. */
          enabled: z.boolean().optional(),
          /** Restricts `botToken` to this workspace (team id `T…`); events from others are acked and ignored. */
          teamId: z.string().min(1).optional(),
          /** Receive events over Socket Mode (no public URL needed); requires `appToken`. */
          socketMode: z.boolean().default(false),
          /** App-level token (`xapp-…`, scope `connections:write`) for Socket Mode. */
          appToken: z.string().min(1).optional(),
          /** The Slack agent desk: escalations posted per skill queue, claimed and answered in Slack (docs/slack.md). */
          desk: slackDeskSchema().optional(),
        })
        .prefault({}),
      twilio: z
        .strictObject({
          accountSid: z.string().min(1).optional(),
          authToken: z.string().min(1).optional(),
          phoneNumber: z.string().min(1).optional(),
          apiBaseUrl: url.optional(),
          /** `false` never mounts the SMS and voice channels; unset mounts them when any Twilio setting is present. */
          enabled: z.boolean().optional(),
          /** Answer to HELP/INFO over SMS (the adapter has a default). */
          smsHelpText: z.string().min(1).max(MAX_SMS_HELP_CHARS).optional(),
          /** BCP-47 language of speech recognition and `<Say>` on calls (the adapter defaults to en-US). */
          voiceLanguage: z.string().min(2).optional(),
          /** Speech results below this ASR confidence (0–1) are asked again (the adapter defaults to 0.5). */
          voiceMinConfidence: z.number().min(0).max(1).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  handoff: handoffSchema(),
  /** Abuse limits, trusted proxies, web chat CORS (docs/security.md). */
  security: securitySchema(),
  /** Encryption at rest, retention, PII redaction formats (docs/security.md). */
  privacy: privacySchema(),
  /** Negative-sentiment surge alerts (docs/monitoring.md). */
  analytics: z.strictObject({ alerts: alertsSchema() }).prefault({}),
  /** Prometheus `GET /metrics` (docs/monitoring.md). */
  monitoring: monitoringSchema(),
});

/**
 * The `channels.slack.desk` section: which Slack channel shows each skill queue's escalations, and
 * which Slack user is which agent of the agent directory. Skills and agents are checked against
 * `handoff.skills` and the directory when the desk is built.
 */
function slackDeskSchema() {
  const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'use a Slack channel id such as "C0123ABCD"');
  const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'use a Slack user id such as "U0123ABCD"');
  return z.strictObject({
    /** Skill queue → the channel (`C…`, `G…`) its escalations are posted to. */
    channels: z
      .record(z.string(), channelId)
      .refine((channels) => Object.keys(channels).length > 0, 'map at least one skill to a channel'),
    /** Slack user id → agent id (the agents file): the same agent, skills and role as in the console. */
    agents: z.record(userId, z.string().min(1)).default({}),
    /** The slash command agents type (`/switchboard resolve`); register it in the Slack app. */
    command: z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'use a slash command such as "/switchboard"')
      .default('/switchboard'),
  });
}

/**
 * The `handoff` section: skill queues, timings, who may log in to the agent console. Built by a
 * function so that its constants sit next to it and the main schema stays readable.
 */
function handoffSchema() {
  /** Skill ids become BullMQ queue names (`handoff-<skill>`), which must not contain `:`. */
  const skill = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'use 1–32 lower-case letters, digits or "-"');
  const minutes = (n: number) => n * 60_000;
  return z
    .strictObject({
      /** The skill queues agents serve. */
      skills: z.array(skill).min(1).default(['general', 'billing', 'cards']),
      /** Where an escalation goes when the dialog names no skill (or an unknown one). */
      defaultSkill: skill.default('general'),
      /**
       * The skill queue of an intent, for escalations whose dialog names no skill (negative
       * sentiment, "agent" outside a form): `{"report_lost_card": "cards"}`. Over the bot's own map.
       */
      intentSkills: z.record(z.string().min(1), skill).default({}),
      /** A customer waiting this long is offered a callback or a ticket instead. */
      waitTimeoutMs: z.int().positive().default(minutes(10)),
      /** An agent disconnected this long loses their conversations to the front of the queue. */
      graceMs: z.int().positive().default(60_000),
      /** How often waiting customers hear their new position (only when it changed). */
      positionUpdateIntervalMs: z.int().positive().default(60_000),
      /** Handle time assumed for wait estimates until a skill has history. */
      defaultHandleTimeMs: z.int().positive().default(minutes(4)),
      /** YAML or JSON file of agent accounts with scrypt hashes (docs/agent-console.md). */
      agentsFile: z.string().min(1).optional(),
      /** Secrets signing console sessions (first signs, all verify); default: derived from webchat.tokenSecrets. */
      sessionSecrets: z.array(z.string().min(MIN_SECRET_CHARS)).min(1).optional(),
      /** How long a console login lasts. */
      sessionTtlMs: z
        .int()
        .positive()
        .default(minutes(12 * 60)),
    })
    .superRefine((handoff, ctx) => {
      for (const [intent, target] of Object.entries(handoff.intentSkills)) {
        if (handoff.skills.includes(target)) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['intentSkills', intent],
          message: `skill "${target}" is not one of handoff.skills (${handoff.skills.join(', ')}): add it there or map "${intent}" to one of them`,
        });
      }
    })
    .prefault({});
}

/**
 * The `analytics.alerts` section: when a surge of negative customer messages raises an alert, and
 * where it goes (the dashboard always; a webhook and/or a Slack channel when configured).
 */
function alertsSchema() {
  const minutes = (n: number) => n * 60_000;
  return z
    .strictObject({
      /** `false` turns sentiment surge detection off. */
      enabled: z.boolean().default(true),
      /** POSTs each alert as JSON here (may embed a secret, as Slack incoming webhooks do). */
      webhookUrl: url.optional(),
      /** Posts each alert to this Slack channel (id or `#name`) with `channels.slack.botToken`. */
      slackChannel: z.string().min(1).optional(),
      /** The rolling window compared with the baseline. */
      windowMs: z.int().min(60_000).default(minutes(15)),
      /** The trailing period the baseline share is measured over. */
      baselineMs: z
        .int()
        .min(minutes(60))
        .default(minutes(24 * 60)),
      /** Alert when the window's negative share is at least this many times the baseline… */
      ratio: z.number().min(1).default(2),
      /** …and at least this much above it (share points, 0–1)… */
      minIncrease: z.number().min(0).max(1).default(0.15),
      /** …over at least this many customer messages in the window. */
      minMessages: z.int().min(1).default(30),
      /** A slice alerts only once it has this many messages of history (its usual share is known). */
      minBaselineMessages: z.int().min(0).default(100),
      /** After an alert, the same slice stays quiet this long. */
      cooldownMs: z.int().positive().default(minutes(60)),
    })
    .prefault({});
}

/** The `monitoring` section: the Prometheus endpoint. */
function monitoringSchema() {
  /** A bearer token shorter than this is guessable. */
  const MIN_TOKEN_CHARS = 16;
  return z
    .strictObject({
      /** `false` does not mount `GET /metrics`. */
      metricsEnabled: z.boolean().default(true),
      /** When set, `GET /metrics` needs `Authorization: Bearer <metricsToken>`. */
      metricsToken: z.string().min(MIN_TOKEN_CHARS).optional(),
      /** A conversation with a turn this recently counts as active. */
      activeConversationWindowMs: z
        .int()
        .positive()
        .default(5 * 60_000),
    })
    .prefault({});
}

/** Configuration as written (file or environment), before defaults. */
export type ConfigInput = z.input<typeof configSchema>;
/** Validated, defaulted configuration. */
export type SwitchboardConfig = Readonly<z.output<typeof configSchema>>;
