/** The Customer panel: the customer's linked identities and earlier conversations (analytics). */
import { api } from './api.js';
import { byId, channelName, clear, el, humanize } from './dom.js';

/** Transcript lines shown per earlier conversation: enough to see how it ended. */
const LINES_SHOWN = 3;

/** Loads the profile of the handoff's customer into the panel; `isCurrent()` drops stale answers. */
export async function loadCustomer(handoff, isCurrent) {
  const panel = byId('customer-profile');
  clear(panel);
  const data = await api('GET', `/handoffs/${handoff.id}/customer`).catch(() => undefined);
  if (!data || !isCurrent()) return;
  if (!data.available) return panel.append(empty('Customer history is not recorded on this server.'));
  if (!data.profile) return panel.append(empty('Not identified: no earlier conversations linked.'));
  renderProfile(panel, data.profile, handoff.conversationId);
}

/** Empties the panel (no conversation open). */
export function clearCustomer() {
  clear(byId('customer-profile'));
}

function renderProfile(panel, profile, currentConversationId) {
  panel.append(
    el('p', { class: 'customer-name', text: profile.name ?? 'Identified customer' }),
    el(
      'div',
      { class: 'chips customer-identities' },
      ...profile.identities.map((i) =>
        el('span', { class: 'chip', text: `${channelName(i.channelId)} · ${shortId(i)}` }),
      ),
    ),
  );
  const earlier = profile.conversations.filter((c) => c.conversationId !== currentConversationId);
  if (earlier.length === 0) return panel.append(empty('No earlier conversations.'));
  panel.append(el('ul', { class: 'customer-conversations' }, ...earlier.map(conversationItem)));
}

function conversationItem(conversation) {
  const date = new Date(conversation.lastAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  const lines = (conversation.history ?? []).slice(-LINES_SHOWN);
  return el(
    'li',
    { class: 'customer-conversation', data: { conversationId: conversation.conversationId } },
    el('span', { class: 'suggestion-title', text: `${channelName(conversation.channelId)} · ${date}` }),
    el('span', { class: 'muted small', text: outcome(conversation) }),
    ...lines.map((l) => el('span', { class: 'customer-line small', text: `${humanize(l.role)}: ${l.text}` })),
  );
}

/** What became of a conversation, as far as analytics knows. */
function outcome(conversation) {
  const parts = [conversation.escalated ? 'handed to a person' : 'bot only'];
  if (conversation.csat !== null) parts.push(`CSAT ${conversation.csat}/5`);
  if (conversation.intents.length > 0) parts.push(conversation.intents.map(humanize).join(', '));
  return parts.join(' · ');
}

/** A phone number shows its last 4 digits only, like the redacted transcripts; other ids are opaque. */
function shortId(identity) {
  const phone = identity.channelId === 'sms' || identity.channelId === 'voice';
  return phone ? `…${identity.userId.slice(-4)}` : identity.userId;
}

function empty(text) {
  return el('p', { class: 'empty-line', text });
}
