import { FAKE_SLACK_IDENTITY } from '../../support/fake-slack-api';

/** The fake workspace, its bot and a customer. */
export const TEAM = FAKE_SLACK_IDENTITY.teamId;
export const BOT_USER = FAKE_SLACK_IDENTITY.botUserId;
export const CUSTOMER = 'U0CUSTOMER';

let seq = 0;

/** A unique Slack timestamp ("seconds.micros"). */
export function nextTs(): string {
  seq++;
  return `${Math.floor(Date.now() / 1000)}.${String(100_000 + seq).padStart(6, '0')}`;
}

/** A unique id with a prefix (channel ids, event ids). */
export function uniqueId(prefix: string): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${++seq}`;
}

/** An Events API request body (`event_callback`). */
export function eventCallback(
  event: Record<string, unknown>,
  options: { eventId?: string; teamId?: string } = {},
): string {
  const teamId = options.teamId ?? TEAM;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0FAKE',
    event: { event_ts: event['ts'], ...event },
    type: 'event_callback',
    event_id: options.eventId ?? uniqueId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** A direct message from the customer. */
export function dmEvent(
  channel: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channel,
    channel_type: 'im',
    user: CUSTOMER,
    text,
    ts: nextTs(),
    team: TEAM,
    ...extra,
  };
}

/** A message in a channel (not a DM). */
export function channelEvent(
  channel: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channel,
    channel_type: 'channel',
    user: CUSTOMER,
    text,
    ts: nextTs(),
    team: TEAM,
    ...extra,
  };
}

/** An `app_mention` of the bot in a channel. */
export function mentionEvent(
  channel: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'app_mention',
    channel,
    user: CUSTOMER,
    text: `<@${BOT_USER}> ${text}`,
    ts: nextTs(),
    team: TEAM,
    ...extra,
  };
}

/** What a click needs: the clicked message as the bot posted it and the button. */
export interface ClickOptions {
  channel: string;
  message: { ts: string; text: string; blocks: unknown[]; thread_ts?: string };
  button: { value: string; title: string; actionId?: string; blockId?: string };
  user?: string;
}

/** A `block_actions` interactivity request body (form-encoded `payload=`), as Slack sends it. */
export function blockActionsBody(options: ClickOptions): string {
  const { channel, message, button } = options;
  const payload = {
    type: 'block_actions',
    user: { id: options.user ?? CUSTOMER, username: 'customer', team_id: TEAM },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel,
      is_ephemeral: false,
      thread_ts: message.thread_ts,
    },
    trigger_id: `${Date.now()}.trigger`,
    team: { id: TEAM, domain: 'fake' },
    channel: { id: channel, name: 'directmessage' },
    message: { type: 'message', user: BOT_USER, bot_id: 'B0BOT', ...message },
    response_url: 'https://hooks.slack.invalid/actions/T0FAKE/1/x',
    actions: [
      {
        type: 'button',
        action_id: button.actionId ?? 'swb_choice_0',
        block_id: button.blockId ?? 'swb_choices',
        text: { type: 'plain_text', text: button.title, emoji: true },
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Form content type of interactivity requests. */
export const FORM = 'application/x-www-form-urlencoded';
