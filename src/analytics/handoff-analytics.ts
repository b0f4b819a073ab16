import type { Handoff } from '../handoff/handoff-record';
import type { HandoffService } from '../handoff/handoff-service';
import type { AnalyticsEvent } from './analytics-event';
import type { AnalyticsRecorder } from './analytics-recorder';

function base(handoff: Handoff, at: number): Omit<AnalyticsEvent, 'type'> {
  const event: Omit<AnalyticsEvent, 'type'> = {
    at: new Date(at).toISOString(),
    channelId: handoff.channelId,
    conversationId: handoff.conversationId,
    skill: handoff.skill,
  };
  if (handoff.customer.id) event.userId = handoff.customer.id;
  if (handoff.context.intent) event.intent = handoff.context.intent;
  return event;
}

/**
 * Records the handoff transitions of this process: `escalated` (reason, skill, the intent the bot
 * served), `picked` (with the customer's wait, from queueing to assignment; waits across requeues
 * add up) and `resolved` (with the handle time, from assignment to resolve). Each transition
 * happens in exactly one process, so every deployment process subscribes. Returns the unsubscriber.
 */
export function recordHandoffEvents(
  service: Pick<HandoffService, 'on'>,
  recorder: Pick<AnalyticsRecorder, 'record'>,
): () => void {
  const stops = [
    service.on('queued', (h) =>
      recorder.record({ ...base(h, h.queuedAt), type: 'escalated', reason: h.reason }),
    ),
    service.on('assigned', (h) => {
      const at = h.assignedAt ?? Date.now();
      recorder.record({ ...base(h, at), type: 'picked', durationMs: Math.max(0, at - h.queuedAt) });
    }),
    service.on('resolved', (h) => {
      const at = h.closedAt ?? Date.now();
      const from = h.assignedAt ?? h.queuedAt;
      recorder.record({ ...base(h, at), type: 'resolved', durationMs: Math.max(0, at - from) });
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
