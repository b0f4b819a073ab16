import type { TurnContext } from 'botbuilder-core';

/** Why a conversation goes to a person (recorded with the handoff, reported by analytics). */
export type EscalationReason =
  | 'customer-asked'
  | 'low-confidence'
  | 'form-failed'
  | 'faq-not-helpful'
  | 'negative-sentiment'
  | 'dialog-decision';

/** What a dialog asks for when it hands the conversation to a person. */
export interface EscalationRequest {
  reason: EscalationReason;
  /** The skill queue (`billing`, `cards`, `general`, ...); the escalator picks a default. */
  skill?: string;
  /** The intent the customer was served for, shown to the agent. */
  intent?: string;
}

/** What happened to an escalation. */
export type EscalationOutcome =
  | {
      status: 'queued';
      /** 1-based position in the queue. */
      position: number;
      /** Estimated wait, whole minutes. */
      etaMinutes: number;
      /** True when the conversation already had an active handoff, which this request joined. */
      joined: boolean;
    }
  | { status: 'unavailable'; reason: string };

/**
 * The one door from dialogs to the handoff capability. Dialogs call `escalate`; the handoff
 * service implements it; without one, {@link NoAgentsEscalator} says no person is available.
 */
export interface Escalator {
  escalate(context: TurnContext, request: EscalationRequest): Promise<EscalationOutcome>;
}

/** The escalator of a deployment without human agents. */
export class NoAgentsEscalator implements Escalator {
  async escalate(): Promise<EscalationOutcome> {
    return { status: 'unavailable', reason: 'no agents are configured' };
  }
}
