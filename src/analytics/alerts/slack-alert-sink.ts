import type { SentimentAlert } from './alert';
import type { AlertSink } from './alert-sink';

/** The one Slack Web API call the sink needs (`SlackApi` of adapters/slack satisfies it). */
export interface SlackMessagePoster {
  postMessage(
    token: string,
    message: { channel: string; text: string; blocks?: readonly object[] },
  ): Promise<string>;
}

/** Options of {@link SlackAlertSink}. */
export interface SlackAlertSinkOptions {
  /** Posts through `WebClient` (adapters/slack/slack-api.ts: `SLACK_API_URL` honoured, rate limits retried). */
  slack: SlackMessagePoster;
  /** Bot token with `chat:write`. */
  token: string;
  /** Channel id or name the alerts go to, e.g. `#support-alerts`. */
  channel: string;
}

/**
 * Posts each alert to a Slack channel with `chat.postMessage`: the summary as text (notifications)
 * and a small block layout with the slice and the figures. Failures reject with the Slack adapter's
 * coded errors (`SWB_ERR_SLACK_API`, `SWB_ERR_SLACK_RATE_LIMITED`).
 */
export class SlackAlertSink implements AlertSink {
  readonly name = 'slack';

  constructor(private readonly options: SlackAlertSinkOptions) {}

  async send(alert: SentimentAlert): Promise<void> {
    const { slack, token, channel } = this.options;
    await slack.postMessage(token, {
      channel,
      text: `:rotating_light: ${alert.summary}`,
      blocks: blocksOf(alert),
    });
  }
}

function blocksOf(alert: SentimentAlert): object[] {
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: ${alert.summary}` } },
    {
      type: 'section',
      fields: [
        field('Intent', alert.intent ?? 'all'),
        field('Channel', alert.channelId ?? 'all'),
        field('Negative now', `${pct(alert.negativeShare)} of ${alert.messages}`),
        field('Usually', pct(alert.baselineShare)),
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Alert ${alert.id} · ${alert.raisedAt}` }] },
  ];
}
