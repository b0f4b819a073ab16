/** A slice of customer traffic: all of it, one intent, one channel, or one intent on one channel. */
export interface TrafficSlice {
  intent?: string;
  channelId?: string;
}

/** A stable key of a slice, e.g. `intent=card_declined|channel=webchat`, or `all`. */
export function sliceKey(slice: TrafficSlice): string {
  const parts: string[] = [];
  if (slice.intent !== undefined) parts.push(`intent=${slice.intent}`);
  if (slice.channelId !== undefined) parts.push(`channel=${slice.channelId}`);
  return parts.length === 0 ? 'all' : parts.join('|');
}

/**
 * The slices one message counts in, most specific first: intent × channel, intent, channel, all.
 * A message without an intent (a customer talking to an agent) counts in its channel and in all.
 */
export function slicesOf(message: { intent?: string; channelId: string }): TrafficSlice[] {
  const { intent, channelId } = message;
  const byChannel = [{ channelId }, {}];
  return intent === undefined ? byChannel : [{ intent, channelId }, { intent }, ...byChannel];
}

/** True when `outer` contains `inner` (all contains everything; intent contains intent × channel). */
export function covers(outer: TrafficSlice, inner: TrafficSlice): boolean {
  return (
    (outer.intent === undefined || outer.intent === inner.intent) &&
    (outer.channelId === undefined || outer.channelId === inner.channelId)
  );
}

/** "intent card_declined on webchat", "channel sms", "all traffic". */
export function describeSlice(slice: TrafficSlice): string {
  if (slice.intent !== undefined && slice.channelId !== undefined) {
    return `intent ${slice.intent} on ${slice.channelId}`;
  }
  if (slice.intent !== undefined) return `intent ${slice.intent}`;
  if (slice.channelId !== undefined) return `channel ${slice.channelId}`;
  return 'all traffic';
}
