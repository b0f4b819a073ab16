import type { TurnContext } from 'botbuilder-core';
import type { EscalationOutcome, EscalationRequest, Escalator } from '../../../dialogs/escalation';
import type { CustomerTier, HandoffContext, HandoffReason } from '../../handoff/handoff-record';
import type { EscalateRequest, EscalateResult } from '../../handoff/handoff-service';
import type { Logger } from '../../logging/logger';
import { redactPii } from '../../privacy/redact';
import { getNluResult } from '../nlu/nlu-middleware';
import { getTurnSentiment } from './turn-sentiment';

/** Entities shown to the agent: enough to understand the case without scrolling. */
const MAX_ENTITIES = 10;

/** Options of {@link HandoffEscalator}. */
export interface HandoffEscalatorOptions {
  /** The handoff service (only `escalate` is used). */
  handoff: { escalate(request: EscalateRequest): Promise<EscalateResult> };
  /** The customer's tier (CRM, user state), which raises the priority. */
  customerTier?: (context: TurnContext) => Promise<CustomerTier | undefined>;
  /** More context for the agent: form progress, sentiment, … (merged over the NLU's intent and entities). */
  snapshot?: (context: TurnContext, request: EscalationRequest) => Promise<Partial<HandoffContext>>;
  /**
   * The skill queue of an intent, used when the dialog names no skill (a sentiment escalation,
   * "agent" said outside a form): `{ report_lost_card: 'cards' }`. Unmapped: the default skill.
   */
  intentSkills?: Readonly<Record<string, string>>;
  logger?: Logger;
}

// Compile-time guard: the dialogs' reasons and the handoff record's must stay the same set.
const sameReasons: [EscalationRequest['reason']] extends [HandoffReason]
  ? [HandoffReason] extends [EscalationRequest['reason']]
    ? true
    : false
  : false = true;
void sameReasons;

/**
 * The `Escalator` the dialogs call (dialogs/escalation.ts) when a person must take over: it
 * opens (or joins) the conversation's handoff with what the bot knew — intent, entities
 * (PII-redacted), form progress, sentiment — and answers with the queue position and estimate.
 * The conversation reference it needs was already saved by the pipeline, so agents and timers
 * can reach the customer from any process. It sends nothing itself: `escalateAndTell` does.
 *
 * @example
 * createAcmeBot({ conversationState, userState, readIntent, escalator: new HandoffEscalator({ handoff: services.service }) });
 */
export class HandoffEscalator implements Escalator {
  constructor(private readonly options: HandoffEscalatorOptions) {}

  async escalate(context: TurnContext, request: EscalationRequest): Promise<EscalationOutcome> {
    const { channelId, conversation, from } = context.activity;
    if (!conversation?.id) return { status: 'unavailable', reason: 'the conversation has no id' };
    try {
      const intent = intentOf(context, request);
      const result = await this.options.handoff.escalate({
        channelId,
        conversationId: conversation.id,
        reason: request.reason,
        skill: request.skill ?? (intent ? this.options.intentSkills?.[intent] : undefined),
        customer: { id: from?.id, name: from?.name, tier: await this.options.customerTier?.(context) },
        context: await this.context(context, request, intent),
      });
      return {
        status: 'queued',
        position: result.position,
        etaMinutes: result.etaMinutes,
        joined: result.joined,
      };
    } catch (error) {
      this.options.logger?.error({ err: error, conversationId: conversation.id }, 'escalation failed');
      return { status: 'unavailable', reason: 'the handoff queue is unavailable' };
    }
  }

  private async context(
    context: TurnContext,
    request: EscalationRequest,
    intent: string | undefined,
  ): Promise<HandoffContext> {
    const nlu = getNluResult(context);
    const base: HandoffContext = {};
    if (intent) base.intent = intent;
    if (nlu && intent === nlu.intent) base.confidence = nlu.score;
    const entities = (nlu?.entities ?? [])
      .slice(0, MAX_ENTITIES)
      .map((e) => ({ type: e.type, text: redactPii(e.text) }));
    if (entities.length > 0) base.entities = entities;
    // Scored by the sentiment trigger earlier in the turn: raises the priority, shown to the agent.
    const sentiment = getTurnSentiment(context);
    if (sentiment) base.sentiment = { label: sentiment.label, score: sentiment.score };
    return { ...base, ...redactSnapshot(await this.options.snapshot?.(context, request)) };
  }
}

/** The escalation's intent: the dialog's, else the NLU's when it is in scope. */
function intentOf(context: TurnContext, request: EscalationRequest): string | undefined {
  const nlu = getNluResult(context);
  return request.intent ?? (nlu && !nlu.outOfScope ? nlu.intent : undefined);
}

/** The snapshot with its form values PII-redacted: the handoff record is stored (Redis) and shown in the console. */
function redactSnapshot(snapshot: Partial<HandoffContext> | undefined): Partial<HandoffContext> | undefined {
  if (!snapshot?.form) return snapshot;
  const filled = Object.fromEntries(Object.entries(snapshot.form.filled).map(([k, v]) => [k, redactPii(v)]));
  return { ...snapshot, form: { ...snapshot.form, filled } };
}
