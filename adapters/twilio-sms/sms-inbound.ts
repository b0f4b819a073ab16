import { TurnContext } from 'botbuilder-core';
import { DEFAULT_DEDUPE_TTL_MS } from '../../src/bot/middleware/dedupe';
import type { Logger } from '../../src/logging/logger';
import type { DedupeStore } from '../../src/state/ports';
import type { BotLogic } from '../channel-adapter';
import type { ConsentStore } from './consent-store';
import { SMS_CHANNEL_ID, toActivity } from './mapping';
import { type KeywordMatch, matchComplianceKeyword } from './opt-out-keywords';
import type { SmsAdapter } from './sms-adapter';
import type { InboundSms } from './sms-webhook';

/** What {@link SmsInbound} needs. */
export interface SmsInboundOptions {
  adapter: SmsAdapter;
  consent: ConsentStore;
  dedupe: DedupeStore;
  /** The answer to HELP/INFO. */
  helpText: string;
  /** Stamped as the activities' `serviceUrl`. */
  publicBaseUrl: string;
  logger: Logger;
}

/** Work left to do after Twilio got its answer (the bot's turn, a HELP reply). */
export type AfterAck = () => Promise<void>;

/**
 * Decides what an inbound SMS is, before the bot: compliance keywords are handled here, so no
 * middleware (a handoff gate, NLU) can swallow a STOP. Keywords are recorded in the consent log
 * *before* Twilio gets its 200, so an acknowledged STOP is never lost; the bot's turn (and a HELP
 * reply) run after the acknowledgement, because a turn may wait on the conversation lock and
 * backend actions for longer than Twilio's 15 s webhook timeout, and replies go out through the
 * REST API anyway.
 */
export class SmsInbound {
  constructor(private readonly options: SmsInboundOptions) {}

  /** Handles what must happen before the acknowledgement; returns the rest, if any. */
  async accept(message: InboundSms, logic: BotLogic): Promise<AfterAck | undefined> {
    const optedOut = await this.options.consent.isOptedOut(message.from);
    const keyword = matchComplianceKeyword({ body: message.body, optOutType: message.optOutType, optedOut });
    if (keyword) return this.keyword(message, keyword, optedOut);
    if (optedOut) {
      // Nothing can be answered to an opted-out number, so the bot does not run.
      this.options.logger.debug(
        { messageSid: message.messageSid },
        'message from an opted-out number ignored',
      );
      return undefined;
    }
    const activity = toActivity(message, this.options.publicBaseUrl);
    return async () => {
      await this.options.adapter.processActivity(activity, logic);
    };
  }

  private async keyword(
    message: InboundSms,
    keyword: KeywordMatch,
    optedOut: boolean,
  ): Promise<AfterAck | undefined> {
    // Same key as the dedupe middleware's, so a redelivered keyword is dropped like any message.
    const dedupeKey = `${SMS_CHANNEL_ID}:${message.messageSid}`;
    if (!(await this.options.dedupe.claim(dedupeKey, DEFAULT_DEDUPE_TTL_MS))) return undefined;
    try {
      await this.options.consent.record(message.from, {
        action: keyword.action,
        source: keyword.source,
        keyword: keyword.keyword,
        messageSid: message.messageSid,
      });
    } catch (error) {
      await this.options.dedupe.forget(dedupeKey);
      throw error;
    }
    this.options.logger.info({ action: keyword.action, source: keyword.source }, 'SMS consent recorded');
    // STOP and START are confirmed by Twilio itself; HELP is ours to answer (not to an opted-out number).
    if (keyword.action !== 'help' || optedOut) return undefined;
    return () => this.answerHelp(message);
  }

  private async answerHelp(message: InboundSms): Promise<void> {
    const reference = TurnContext.getConversationReference(toActivity(message, this.options.publicBaseUrl));
    await this.options.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity(this.options.helpText);
    });
  }
}
