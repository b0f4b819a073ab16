import type { TurnContext } from 'botbuilder-core';
import type { CustomerHistory, DialogServices } from './dialog-services';
import { identifyByCallerId } from './identify-dialog';

/** How a greeting names the channel of an earlier contact ("you contacted us by SMS"). */
const CHANNEL_PHRASES: Record<string, string> = {
  webchat: 'on web chat',
  sms: 'by SMS',
  voice: 'by phone',
  slack: 'on Slack',
};

const DAY_MS = 86_400_000;

/**
 * The greeting for a customer this channel's user state does not know yet, from their history on
 * every linked channel: on SMS and voice the number they write or call from identifies them (as
 * the identify dialog does), and `services.profileOf` tells what analytics recorded — e.g.
 * "Welcome back, Maria. I see you contacted us on web chat yesterday." Undefined without
 * `profileOf`, on other channels and for an unknown number; "Hello Maria!" when no earlier contact
 * is recorded.
 */
export async function returningCustomerGreeting(
  context: TurnContext,
  services: DialogServices,
): Promise<string | undefined> {
  if (!services.profileOf) return undefined;
  const customerId = await identifyByCallerId(context, services);
  if (!customerId) return undefined;
  // A history that cannot be read (database down) must not stop the greeting.
  const history = await services.profileOf(customerId).catch(() => undefined);
  const firstName = (await services.profile.get(context, {}))?.firstName ?? history?.name ?? undefined;
  const earlier = history && lastContact(history, context.activity.conversation.id, services.now());
  // "Welcome back" only with an earlier contact on record: a first contact gets a plain hello.
  if (!earlier) return firstName ? `Hello ${firstName}! How can I help you today?` : undefined;
  const hello = firstName ? `Welcome back, ${firstName}` : 'Welcome back';
  return `${hello}. I see you contacted us ${earlier}. How can I help today?`;
}

/** "on web chat yesterday": the most recent other conversation, or undefined when there is none. */
function lastContact(history: CustomerHistory, currentConversationId: string, now: Date): string | undefined {
  const last = history.conversations.find((c) => c.conversationId !== currentConversationId);
  if (!last) return undefined;
  const channel = CHANNEL_PHRASES[last.channelId] ?? `on ${last.channelId}`;
  return `${channel} ${dayPhrase(new Date(last.lastAt), now)}`;
}

/** "today", "yesterday" or "on November 27" (UTC days). */
function dayPhrase(at: Date, now: Date): string {
  const days = Math.floor(now.getTime() / DAY_MS) - Math.floor(at.getTime() / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `on ${at.toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' })}`;
}
