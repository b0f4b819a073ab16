import { createSlackChannelFromConfig } from '../../adapters/slack/slack-channel';
import { twilioEnabled } from '../../adapters/twilio-shared/twilio-options';
import { smsChannel } from '../../adapters/twilio-sms/sms-channel';
import { voiceChannel } from '../../adapters/twilio-voice/voice-channel';
import type { SwitchboardConfig } from '../config/schema';
import type { SwitchboardServerOptions } from '../server/switchboard-server';

/**
 * The channels besides web chat that the configuration enables: Slack when its secrets are set (or
 * `SLACK_ENABLED=true`), SMS and voice when Twilio's are (or `TWILIO_ENABLED=true`). A channel that
 * is enabled without its secrets refuses to start with a message naming the variable.
 */
export function configuredChannels(
  config: SwitchboardConfig,
): NonNullable<SwitchboardServerOptions['channels']> {
  const slack = createSlackChannelFromConfig(config);
  const twilio = twilioEnabled(config) ? [smsChannel(), voiceChannel()] : [];
  return [...(slack ? [slack] : []), ...twilio];
}
