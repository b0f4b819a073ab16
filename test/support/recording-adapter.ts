import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import { ChannelAdapter } from '../../adapters/channel-adapter';

/** A channel adapter for middleware tests: records what the bot sends, per conversation. */
export class RecordingAdapter extends ChannelAdapter {
  readonly channelId = 'test';
  readonly sent: Array<Partial<Activity>> = [];

  override async sendActivities(
    _context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    return activities.map((a) => {
      this.sent.push(a);
      return { id: String(this.sent.length) };
    });
  }

  /** Texts sent to one conversation. */
  textsTo(conversationId: string): string[] {
    return this.sent.filter((a) => a.conversation?.id === conversationId).map((a) => a.text ?? '');
  }
}

/** An inbound customer message. */
export function customerMessage(
  text: string,
  options: { id?: string; conversationId?: string } = {},
): Partial<Activity> {
  return {
    type: 'message',
    id: options.id,
    text,
    from: { id: 'user-1', name: 'Customer' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: {
      id: options.conversationId ?? 'conv-1',
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    serviceUrl: 'http://localhost',
  };
}
