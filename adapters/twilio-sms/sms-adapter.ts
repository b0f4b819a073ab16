import { randomUUID } from 'node:crypto';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import type twilio from 'twilio';
import { SmsOptedOutError, UnsupportedActivityError } from '../../src/errors';
import type { Logger } from '../../src/logging/logger';
import type { OutboundSender } from '../../src/outbound/outbound-sender';
import { ChannelAdapter } from '../channel-adapter';
import type { DeliveryLog } from '../twilio-shared/delivery-log';
import { toTwilioApiError, twilioErrorCode } from '../twilio-shared/twilio-client';
import type { ConsentStore } from './consent-store';
import { fromActivity, type OutboundSms, SMS_CHANNEL_ID } from './mapping';

/** Twilio's error for a send to a number that replied STOP: it is opted out at Twilio too. */
export const TWILIO_UNSUBSCRIBED_RECIPIENT = 21610;

/** Options of {@link SmsAdapter}. */
export interface SmsAdapterOptions {
  /** The Twilio REST client (its `messages` resource is all the adapter uses). */
  client: Pick<twilio.Twilio, 'messages'>;
  consent: ConsentStore;
  deliveries: DeliveryLog;
  /** Our number: the sender when the turn does not name one. */
  phoneNumber: string;
  /** Where Twilio posts delivery statuses (`PUBLIC_BASE_URL/twilio/sms/status`). */
  statusCallbackUrl: string;
  logger: Logger;
  /** When set, `messages.create` goes through it (retried on 5xx/429, never twice per message). */
  outbound?: OutboundSender;
}

/** What a queued SMS carries: all a worker in another process needs to send it. */
interface SmsPayload {
  route: { to: string; from: string; conversationId: string };
  message: OutboundSms;
}

/**
 * The SMS channel's adapter. Every message — the bot's, an agent's, a proactive one — leaves
 * through `sendActivities`, which refuses (`SWB_ERR_SMS_OPTED_OUT`) to send anything to a number
 * that opted out, before calling Twilio; otherwise each reply is rendered by `renderSms` and sent
 * with the REST API, and the send is recorded in the delivery log for status callbacks.
 */
export class SmsAdapter extends ChannelAdapter {
  readonly channelId = SMS_CHANNEL_ID;

  constructor(private readonly options: SmsAdapterOptions) {
    super();
    options.outbound?.register({
      channelId: SMS_CHANNEL_ID,
      deliver: (payload) => this.create((payload as SmsPayload).route, (payload as SmsPayload).message),
    });
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id ?? 'unknown';
    const to = context.activity.from?.id;
    if (!to) throw new UnsupportedActivityError('An SMS reply needs the customer\'s number in "from".');
    const from = context.activity.recipient?.id || this.options.phoneNumber;
    const messages = activities.map((activity) => fromActivity(activity));
    if (messages.some((m) => m !== undefined) && (await this.options.consent.isOptedOut(to))) {
      throw new SmsOptedOutError(conversationId);
    }
    const responses: ResourceResponse[] = [];
    for (const parts of messages) {
      let id = '';
      for (const part of parts ?? []) id = await this.send({ to, from, conversationId }, part);
      responses.push({ id });
    }
    return responses;
  }

  /** Sends now, or through the outbound sender: '' when the message waits in the retry queue. */
  private async send(
    route: { to: string; from: string; conversationId: string },
    message: OutboundSms,
  ): Promise<string> {
    const { outbound } = this.options;
    if (!outbound) return this.create(route, message);
    const payload: SmsPayload = { route, message };
    const result = await outbound.send({ channelId: SMS_CHANNEL_ID, messageId: randomUUID(), payload });
    return result.status === 'queued' ? '' : result.platformId;
  }

  /** The one `messages.create` call, with the delivery log line of a message Twilio accepted. */
  private async create(
    route: { to: string; from: string; conversationId: string },
    message: OutboundSms,
  ): Promise<string> {
    let sid: string;
    try {
      const created = await this.options.client.messages.create({
        to: route.to,
        from: route.from,
        body: message.body,
        ...(message.mediaUrls.length > 0 ? { mediaUrl: message.mediaUrls } : {}),
        statusCallback: this.options.statusCallbackUrl,
      });
      sid = created.sid;
    } catch (error) {
      throw await this.sendFailure(error, route);
    }
    await this.recordQueued(sid, route);
    return sid;
  }

  /** A refusal because the number unsubscribed at Twilio is recorded as an opt-out, so we stop trying. */
  private async sendFailure(error: unknown, route: { to: string; conversationId: string }): Promise<Error> {
    if (twilioErrorCode(error) !== TWILIO_UNSUBSCRIBED_RECIPIENT)
      return toTwilioApiError(error, 'send an SMS');
    await this.options.consent.record(route.to, { action: 'opt-out', source: 'api-error' });
    return new SmsOptedOutError(route.conversationId, {
      details: { twilioCode: TWILIO_UNSUBSCRIBED_RECIPIENT },
    });
  }

  private async recordQueued(sid: string, route: { to: string; conversationId: string }): Promise<void> {
    try {
      await this.options.deliveries.record({ sid, kind: 'message', status: 'queued', ...route });
    } catch (error) {
      // The message left; losing its log line must not fail the turn (status callbacks still arrive).
      this.options.logger.warn(
        { err: error, conversationId: route.conversationId },
        'delivery log write failed',
      );
    }
  }
}
