import { z } from 'zod';
import type { SwitchboardConfig } from '../../src/config/schema';
import { ConfigError } from '../../src/errors';
import type { ChannelRuntime } from '../../src/server/channel-plugin';

/** What a channel factory receives from the server (before routes are mounted). */
export type ChannelBaseRuntime = Pick<
  ChannelRuntime,
  'state' | 'publicBaseUrl' | 'logger' | 'config' | 'outbound'
>;

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Twilio webhooks are a few hundred bytes; MMS with ten media URLs stay under 8 KB. */
const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
/** A REST call that takes longer than this is treated as failed (a turn must not hang on Twilio). */
const DEFAULT_REST_TIMEOUT_MS = 10_000;
/** Twilio answers 429 when a number sends too fast; three jittered retries ride out short bursts. */
const DEFAULT_REST_MAX_RETRIES = 3;

const httpUrl = z.url({ protocol: /^https?$/ });

/** Options every Twilio channel shares (account, number, URLs, limits). */
export const twilioOptionsShape = {
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID: "AC" and 32 hex characters'),
  authToken: z.string().min(1),
  phoneNumber: z.string().regex(E164, 'must be an E.164 number such as +15551234567'),
  publicBaseUrl: httpUrl,
  apiBaseUrl: httpUrl.optional(),
  bodyLimitBytes: z.int().positive().default(DEFAULT_BODY_LIMIT_BYTES),
  restTimeoutMs: z.int().positive().default(DEFAULT_REST_TIMEOUT_MS),
  restMaxRetries: z.int().min(0).max(10).default(DEFAULT_REST_MAX_RETRIES),
};

/** The shared options as written (before defaults). */
export type TwilioOptionsInput = z.input<z.ZodObject<typeof twilioOptionsShape>>;

const REQUIRED: ReadonlyArray<[keyof TwilioOptionsInput, string, string]> = [
  ['accountSid', 'TWILIO_ACCOUNT_SID', 'the REST API cannot send replies'],
  ['authToken', 'TWILIO_AUTH_TOKEN', 'SMS and voice webhooks cannot be verified'],
  ['phoneNumber', 'TWILIO_PHONE_NUMBER', 'replies have no sender number'],
];

/**
 * True when the deployment should mount the SMS and voice channels: `channels.twilio.enabled`
 * when it is set, otherwise whenever any Twilio account setting is present.
 */
export function twilioEnabled(config: SwitchboardConfig): boolean {
  const twilio = config.channels.twilio;
  if (twilio.enabled !== undefined) return twilio.enabled;
  return Boolean(twilio.accountSid || twilio.authToken || twilio.phoneNumber);
}

/**
 * The shared Twilio options from the configuration, or one `ConfigError` naming every missing
 * variable and how to disable the channels. `overrides` (embedding, tests) win over the config.
 */
export function twilioOptionsFromConfig(
  runtime: ChannelBaseRuntime,
  overrides: Partial<TwilioOptionsInput> = {},
): TwilioOptionsInput {
  const { config } = runtime;
  const twilio = config.channels.twilio;
  const merged: Partial<TwilioOptionsInput> = {
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    phoneNumber: twilio.phoneNumber,
    apiBaseUrl: twilio.apiBaseUrl,
    publicBaseUrl: runtime.publicBaseUrl,
    bodyLimitBytes: config.server.bodyLimitBytes,
    ...overrides,
  };
  const problems = REQUIRED.filter(([key]) => !merged[key]).map(
    ([, env, consequence]) => `${env} is not set: ${consequence}. Set it`,
  );
  if (config.env === 'production' && !config.server.publicBaseUrl && !overrides.publicBaseUrl) {
    problems.push('PUBLIC_BASE_URL is not set: Twilio signatures are computed on the public URL. Set it');
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `The Twilio channels cannot start:\n- ${problems.join(',\n- ')},\nor disable the SMS and voice channels with TWILIO_ENABLED=false (channels.twilio.enabled: false).`,
    );
  }
  return merged as TwilioOptionsInput;
}
