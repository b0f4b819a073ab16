import type { Router } from 'express';
import type twilio from 'twilio';
import { z } from 'zod';
import type { Logger } from '../../src/logging/logger';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import { sharedRateLimits } from '../../src/security/shared-rate-limits';
import type { ChannelPlugin, ChannelRuntime } from '../../src/server/channel-plugin';
import { parseOptions } from '../../src/state/parse-options';
import type { StateServices } from '../../src/state/ports';
import { DeliveryLog } from '../twilio-shared/delivery-log';
import { signedUrl } from '../twilio-shared/signature';
import { createTwilioClient } from '../twilio-shared/twilio-client';
import {
  type ChannelBaseRuntime,
  type TwilioOptionsInput,
  twilioOptionsFromConfig,
  twilioOptionsShape,
} from '../twilio-shared/twilio-options';
import { ConsentStore } from './consent-store';
import { SMS_STATUS_PATH, smsRoutes } from './routes';
import { SmsAdapter } from './sms-adapter';
import { SmsInbound } from './sms-inbound';

/** Carriers require HELP to say who is texting and how to stop; override it with TWILIO_SMS_HELP_TEXT. */
export const DEFAULT_SMS_HELP_TEXT =
  'This is our automated assistant. Reply STOP to unsubscribe, START to resubscribe. Msg & data rates may apply.';

const smsOptionsSchema = z.strictObject({
  ...twilioOptionsShape,
  helpText: z.string().min(1).default(DEFAULT_SMS_HELP_TEXT),
  /** Ask Twilio for delivery status callbacks on every send. */
  statusCallbacks: z.boolean().default(true),
});

/** Options of {@link SmsChannel}, as written. */
export type SmsChannelInput = z.input<typeof smsOptionsSchema>;
/** Options of {@link SmsChannel}, validated and defaulted. */
export type SmsChannelOptions = z.output<typeof smsOptionsSchema>;

/** What the SMS channel uses from the server, plus an optional REST client (tests inject one). */
export interface SmsChannelDeps {
  state: Pick<StateServices, 'storage' | 'locks' | 'dedupe'>;
  logger: Logger;
  client?: Pick<twilio.Twilio, 'messages'>;
  /** Sends with retries (see `SmsAdapterOptions.outbound`). */
  outbound?: OutboundSender;
}

/**
 * The SMS channel (Twilio) as the server mounts it: the {@link SmsAdapter}, the consent store, the
 * delivery log, and the webhooks `POST /twilio/sms` and `POST /twilio/sms/status`.
 *
 * @example
 * new SwitchboardServer({ ..., channels: twilioEnabled(config) ? [smsChannel(), voiceChannel()] : [] });
 */
export class SmsChannel implements ChannelPlugin {
  readonly adapter: SmsAdapter;
  /** STOP/START/HELP per number, with its timestamped log. */
  readonly consent: ConsentStore;
  /** Delivery statuses; `deliveries.failures()` lists the messages that did not arrive. */
  readonly deliveries: DeliveryLog;
  readonly options: Readonly<SmsChannelOptions>;
  private readonly inbound: SmsInbound;

  constructor(
    input: SmsChannelInput,
    private readonly deps: SmsChannelDeps,
  ) {
    this.options = parseOptions(smsOptionsSchema, input, 'SmsChannel');
    const { storage, locks } = deps.state;
    this.consent = new ConsentStore(storage, locks);
    this.deliveries = new DeliveryLog(storage, locks);
    this.adapter = new SmsAdapter({
      client:
        deps.client ??
        createTwilioClient({
          ...this.options,
          timeoutMs: this.options.restTimeoutMs,
          maxRetries: this.options.restMaxRetries,
        }),
      consent: this.consent,
      deliveries: this.deliveries,
      phoneNumber: this.options.phoneNumber,
      statusCallbackUrl: signedUrl(this.options.publicBaseUrl, SMS_STATUS_PATH),
      logger: deps.logger,
      outbound: deps.outbound,
    });
    this.inbound = new SmsInbound({
      adapter: this.adapter,
      consent: this.consent,
      dedupe: deps.state.dedupe,
      helpText: this.options.helpText,
      publicBaseUrl: this.options.publicBaseUrl,
      logger: deps.logger,
    });
  }

  routes(runtime: ChannelRuntime): Router {
    return smsRoutes({
      webhook: { ...this.options, limits: sharedRateLimits(runtime) },
      phoneNumber: this.options.phoneNumber,
      inbound: this.inbound,
      consent: this.consent,
      deliveries: this.deliveries,
      logic: runtime.logic,
      tracker: runtime.tracker,
      logger: this.deps.logger,
    });
  }
}

/**
 * The SMS channel's factory for `SwitchboardServerOptions.channels`: options come from
 * `channels.twilio` (TWILIO_* variables) and PUBLIC_BASE_URL; `overrides` win. Missing settings
 * are one `ConfigError` naming each variable.
 */
export function smsChannel(
  overrides: Partial<SmsChannelInput> = {},
  client?: SmsChannelDeps['client'],
): (runtime: ChannelBaseRuntime) => SmsChannel {
  return (runtime) => {
    const shared: TwilioOptionsInput = twilioOptionsFromConfig(runtime, overrides);
    const helpText = runtime.config.channels.twilio.smsHelpText;
    const input: SmsChannelInput = { ...shared, ...(helpText ? { helpText } : {}), ...overrides };
    return new SmsChannel(input, {
      state: runtime.state,
      logger: runtime.logger,
      client,
      outbound: runtime.outbound,
    });
  };
}
