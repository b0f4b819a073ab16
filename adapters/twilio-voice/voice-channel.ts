import type { Router } from 'express';
import type twilio from 'twilio';
import { z } from 'zod';
import { SnapshotConversationState } from '../../src/bot/snapshot-state';
import type { Logger } from '../../src/logging/logger';
import { sharedRateLimits } from '../../src/security/shared-rate-limits';
import type { ChannelPlugin, ChannelRuntime } from '../../src/server/channel-plugin';
import { parseOptions } from '../../src/state/parse-options';
import type { StateServices } from '../../src/state/ports';
import { DeliveryLog } from '../twilio-shared/delivery-log';
import { ReplayGuard } from '../twilio-shared/replay-guard';
import { signedUrl } from '../twilio-shared/signature';
import { createTwilioClient } from '../twilio-shared/twilio-client';
import {
  type ChannelBaseRuntime,
  twilioOptionsFromConfig,
  twilioOptionsShape,
} from '../twilio-shared/twilio-options';
import { CallHoldStore } from './call-hold-store';
import { PromptStore } from './prompt-store';
import {
  VOICE_AGENT_STATUS_PATH,
  VOICE_QUEUE_CONNECT_PATH,
  VOICE_QUEUE_LEAVE_PATH,
  VOICE_QUEUE_RESULT_PATH,
  VOICE_QUEUE_WAIT_PATH,
} from './queue-routes';
import type { HoldSettings, QueueUrls } from './queue-twiml';
import { VOICE_GATHER_PATH, voiceRoutes } from './routes';
import { gatherTwiml, type TwimlSettings } from './twiml';
import { VoiceAdapter } from './voice-adapter';
import { VoiceHandoff } from './voice-handoff';
import { DEFAULT_VOICE_PROMPTS, type VoicePrompts } from './voice-recovery';

/** Below this ASR confidence a caller is asked again; 0.5 keeps most clear speech and catches noise. */
const DEFAULT_MIN_CONFIDENCE = 0.5;
/** Five seconds of silence is Twilio's own default before a gather gives up. */
const DEFAULT_NO_INPUT_TIMEOUT_MS = 5_000;
const MS_PER_SECOND = 1000;
/** Twenty seconds between position announcements: often enough to reassure, rarely enough not to nag. */
const DEFAULT_HOLD_REPEAT_MS = 20_000;

const promptsSchema = z.strictObject(
  Object.fromEntries(
    Object.keys(DEFAULT_VOICE_PROMPTS).map((k) => [k, z.string().min(1).optional()]),
  ) as Record<keyof VoicePrompts, z.ZodOptional<z.ZodString>>,
);

const voiceOptionsSchema = z.strictObject({
  ...twilioOptionsShape,
  /** BCP-47 language of recognition and speech. */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 tag such as en-US')
    .default('en-US'),
  /** A `<Say>` voice (e.g. `Polly.Joanna`); Twilio's default when unset. */
  sayVoice: z.string().min(1).optional(),
  minConfidence: z.number().min(0).max(1).default(DEFAULT_MIN_CONFIDENCE),
  noInputTimeoutMs: z.int().min(MS_PER_SECOND).max(60_000).default(DEFAULT_NO_INPUT_TIMEOUT_MS),
  /** What pressing 0 says on the caller's behalf; the bot should understand it as asking for a person. */
  humanRequestText: z.string().min(1).default('Talk to a person'),
  prompts: promptsSchema.default({}),
  /** Hold music played to a caller waiting for a person (`<Play>`); a pause when unset. */
  holdMusicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Without hold music: the pause between two position announcements. */
  holdRepeatMs: z.int().min(MS_PER_SECOND).max(300_000).default(DEFAULT_HOLD_REPEAT_MS),
});

/** Options of {@link VoiceChannel}, as written. */
export type VoiceChannelInput = z.input<typeof voiceOptionsSchema>;
/** Options of {@link VoiceChannel}, validated and defaulted. */
export type VoiceChannelOptions = z.output<typeof voiceOptionsSchema>;

/** What the voice channel uses from the server, plus an optional REST client (tests inject one). */
export interface VoiceChannelDeps {
  state: Pick<StateServices, 'storage' | 'locks' | 'dedupe' | 'redis'>;
  logger: Logger;
  client?: Pick<twilio.Twilio, 'calls'>;
}

/**
 * The voice channel (Twilio) as the server mounts it: the {@link VoiceAdapter}, the call status
 * log, and the webhooks `POST /twilio/voice`, `/twilio/voice/gather` and `/twilio/voice/status`,
 * plus those of handoff on a call (`/twilio/voice/wait`, `/queue-result`, `/connect`,
 * `/agent-status`; active once `voiceHandoffModule` attached the deployment's handoff).
 */
export class VoiceChannel implements ChannelPlugin {
  readonly adapter: VoiceAdapter;
  /** Handoff on a call: queue, wait URL, agent bridge. */
  readonly handoff: VoiceHandoff;
  /** Call statuses; `deliveries.failures()` lists the calls that failed, were busy or unanswered. */
  readonly deliveries: DeliveryLog;
  readonly options: Readonly<VoiceChannelOptions>;
  private readonly texts: VoicePrompts;

  constructor(
    input: VoiceChannelInput,
    private readonly deps: VoiceChannelDeps,
  ) {
    const options = parseOptions(voiceOptionsSchema, input, 'VoiceChannel');
    this.options = options;
    this.texts = { ...DEFAULT_VOICE_PROMPTS, ...definedOnly(options.prompts) };
    this.deliveries = new DeliveryLog(deps.state.storage, deps.state.locks);
    const client =
      deps.client ??
      createTwilioClient({
        ...options,
        timeoutMs: options.restTimeoutMs,
        maxRetries: options.restMaxRetries,
      });
    const prompts = new PromptStore(deps.state.storage);
    this.handoff = new VoiceHandoff({
      client,
      holds: new CallHoldStore(deps.state.storage, deps.state.locks),
      prompts,
      phoneNumber: options.phoneNumber,
      urls: this.queueUrls(),
      twiml: this.twimlSettings(),
      hold: this.holdSettings(),
      texts: this.texts,
      logger: deps.logger,
    });
    this.adapter = new VoiceAdapter({
      client,
      prompts,
      conversationState: new SnapshotConversationState(deps.state.storage),
      mapping: {
        serviceUrl: options.publicBaseUrl,
        language: options.language,
        humanRequestText: options.humanRequestText,
        minConfidence: options.minConfidence,
      },
      twiml: this.twimlSettings(),
      texts: this.texts,
      handoff: this.handoff,
    });
  }

  routes(runtime: ChannelRuntime): Router {
    return voiceRoutes({
      webhook: { ...this.options, limits: sharedRateLimits(runtime) },
      phoneNumber: this.options.phoneNumber,
      adapter: this.adapter,
      deliveries: this.deliveries,
      twiml: this.twimlSettings(),
      texts: this.texts,
      logic: runtime.logic,
      tracker: runtime.tracker,
      logger: this.deps.logger,
      handoff: this.handoff,
      hold: this.holdSettings(),
      replay: this.replayGuard(),
    });
  }

  /** Runs each signed voice webhook once (Twilio signs no timestamp); see `docs/security.md`. */
  private replayGuard(): ReplayGuard {
    return new ReplayGuard({
      state: this.deps.state,
      publicBaseUrl: this.options.publicBaseUrl,
      abandoned: () =>
        gatherTwiml({ says: [this.texts.apology], hints: [], keypad: false }, this.twimlSettings()),
    });
  }

  /** Stops following handoff assignments; idempotent. */
  close(): Promise<void> {
    return this.handoff.close();
  }

  private queueUrls(): QueueUrls {
    const base = this.options.publicBaseUrl;
    return {
      wait: signedUrl(base, VOICE_QUEUE_WAIT_PATH),
      result: signedUrl(base, VOICE_QUEUE_RESULT_PATH),
      leave: signedUrl(base, VOICE_QUEUE_LEAVE_PATH),
      connect: signedUrl(base, VOICE_QUEUE_CONNECT_PATH),
      agentStatus: signedUrl(base, VOICE_AGENT_STATUS_PATH),
    };
  }

  private holdSettings(): HoldSettings {
    return {
      musicUrl: this.options.holdMusicUrl,
      repeatS: Math.ceil(this.options.holdRepeatMs / MS_PER_SECOND),
    };
  }

  private twimlSettings(): TwimlSettings {
    return {
      gatherUrl: signedUrl(this.options.publicBaseUrl, VOICE_GATHER_PATH),
      language: this.options.language,
      sayVoice: this.options.sayVoice,
      noInputTimeoutS: Math.ceil(this.options.noInputTimeoutMs / MS_PER_SECOND),
    };
  }
}

function definedOnly(
  prompts: Partial<Record<keyof VoicePrompts, string | undefined>>,
): Partial<VoicePrompts> {
  return Object.fromEntries(Object.entries(prompts).filter(([, v]) => v !== undefined));
}

/**
 * The voice channel's factory for `SwitchboardServerOptions.channels`: options come from
 * `channels.twilio` (TWILIO_* variables) and PUBLIC_BASE_URL; `overrides` win.
 */
export function voiceChannel(
  overrides: Partial<VoiceChannelInput> = {},
  client?: VoiceChannelDeps['client'],
): (runtime: ChannelBaseRuntime) => VoiceChannel {
  return (runtime) => {
    const { voiceLanguage, voiceMinConfidence } = runtime.config.channels.twilio;
    const input: VoiceChannelInput = {
      ...twilioOptionsFromConfig(runtime, overrides),
      ...(voiceLanguage ? { language: voiceLanguage } : {}),
      ...(voiceMinConfidence !== undefined ? { minConfidence: voiceMinConfidence } : {}),
      ...overrides,
    };
    return new VoiceChannel(input, { state: runtime.state, logger: runtime.logger, client });
  };
}
