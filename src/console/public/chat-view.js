/** The conversation pane (transcript, composer, transfer, resolve) and the context sidebar. */
import { api } from './api.js';
import { clearCustomer, loadCustomer } from './customer-view.js';
import { byId, channelName, clear, el, formatTime, formatWait, humanize } from './dom.js';

const ROLE_LABEL = { customer: 'Customer', bot: 'Assistant', agent: 'Agent', system: 'System' };

/** Shows one conversation; `actions` sends replies and runs transfer and resolve. */
export class ChatView {
  constructor(model, actions) {
    this.model = model;
    this.actions = actions;
    this.handoff = undefined;
    byId('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    byId('composer-text').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.send();
      }
    });
    byId('transfer').addEventListener('click', () =>
      this.actions.transfer(this.handoff.id, byId('transfer-skill').value),
    );
    byId('resolve').addEventListener('click', () =>
      this.actions.resolve(this.handoff.id, byId('disposition').value),
    );
  }

  /** Loads and shows a conversation with its transcript and context. */
  async open(handoffId) {
    const { handoff, transcript } = await api('GET', `/handoffs/${handoffId}`);
    this.handoff = handoff;
    byId('chat-empty').hidden = true;
    byId('chat-body').hidden = false;
    const list = byId('transcript');
    clear(list);
    let handedOver = false;
    for (const entry of transcript) {
      if (!handedOver && new Date(entry.timestamp).getTime() >= handoff.createdAt) {
        list.append(el('li', { class: 'divider', text: 'Handed over to a person' }));
        handedOver = true;
      }
      this.appendLine({ from: entry.role, text: entry.text, at: entry.timestamp });
    }
    this.update(handoff);
    this.loadSuggestions();
    loadCustomer(handoff, () => this.handoff?.id === handoff.id);
    byId('composer-text').focus();
  }

  /** Closes the pane (the conversation left this agent). */
  close() {
    this.handoff = undefined;
    byId('chat-body').hidden = true;
    byId('chat-empty').hidden = false;
    clear(byId('facts'));
    clear(byId('suggestions'));
    clearCustomer();
  }

  /** A live line of the open conversation. */
  appendLine(line) {
    const list = byId('transcript');
    const who =
      line.from === 'agent' && line.agentName ? line.agentName : (ROLE_LABEL[line.from] ?? line.from);
    list.append(
      el(
        'li',
        { class: `line line--${line.from}` },
        el('span', { class: 'line-who', text: `${who} · ${formatTime(line.at)}` }),
        el('span', { class: 'line-text', text: line.text }),
      ),
    );
    list.scrollTop = list.scrollHeight;
  }

  /** New state of the open conversation (from the socket). */
  update(handoff) {
    this.handoff = handoff;
    const mine = handoff.status === 'assigned' && handoff.agentId === this.model.agent.id;
    byId('chat-title').textContent = handoff.customer?.name ?? 'Customer';
    byId('chat-subtitle').textContent =
      `${channelName(handoff.channelId)} · ${handoff.skill} queue · ${humanize(handoff.reason)}`;
    byId('chat-status').textContent = mine ? 'With you' : humanize(handoff.status);
    for (const id of ['composer-text', 'send', 'transfer', 'resolve', 'transfer-skill', 'disposition'])
      byId(id).disabled = !mine;
    const select = byId('transfer-skill');
    clear(select);
    for (const skill of this.model.skills.filter((s) => s !== handoff.skill))
      select.append(el('option', { value: skill, text: skill }));
    this.renderFacts(handoff);
  }

  send() {
    const input = byId('composer-text');
    const text = input.value.trim();
    if (!text || !this.handoff) return;
    this.actions.reply(this.handoff.id, text);
    input.value = '';
  }

  renderFacts(handoff) {
    const facts = byId('facts');
    clear(facts);
    const add = (term, value) => {
      if (value === undefined || value === null || value === '') return;
      facts.append(
        el('dt', { text: term }),
        typeof value === 'string' ? el('dd', { text: value }) : el('dd', {}, value),
      );
    };
    const { context = {}, customer = {} } = handoff;
    add('Reason', humanize(handoff.reason));
    add(
      'Intent',
      context.intent ? `${humanize(context.intent)}${confidence(context.confidence)}` : 'unknown',
    );
    add('Entities', chips((context.entities ?? []).map((e) => `${humanize(e.type)}: ${e.text}`)));
    if (context.form) add('Form', `${humanize(context.form.name)}`);
    if (context.form)
      add('Filled', chips(Object.entries(context.form.filled).map(([k, v]) => `${humanize(k)}: ${v}`)));
    if (context.form?.missing?.length) add('Missing', chips(context.form.missing.map(humanize)));
    add(
      'Sentiment',
      context.sentiment
        ? `${context.sentiment.label} (${context.sentiment.score.toFixed(2)})`
        : 'not measured',
    );
    add('Tier', customer.tier ?? 'standard');
    add('Waited', formatWait((handoff.assignedAt ?? this.model.serverNow()) - handoff.queuedAt));
    add('Priority', `P${handoff.priority}`);
    if (handoff.joins > 0) add('Asked again', `${handoff.joins}×`);
  }

  async loadSuggestions() {
    const list = byId('suggestions');
    clear(list);
    const handoffId = this.handoff?.id;
    const data = await api('GET', `/handoffs/${handoffId}/suggestions`).catch(() => undefined);
    if (!data || handoffId !== this.handoff?.id) return;
    if (!data.available)
      list.append(el('li', { class: 'empty-line', text: 'Agent assist is not configured on this server.' }));
    else if (data.suggestions.length === 0)
      list.append(el('li', { class: 'empty-line', text: 'No suggestions for the last question.' }));
    for (const s of data.suggestions) {
      list.append(
        el(
          'li',
          { class: 'suggestion' },
          el('span', { class: 'suggestion-title', text: s.title }),
          el('span', { class: 'muted small', text: s.text }),
          el('button', {
            class: 'btn btn--small',
            type: 'button',
            text: 'Insert',
            onclick: () => insert(s.text),
          }),
        ),
      );
    }
  }
}

function confidence(score) {
  return typeof score === 'number' ? ` (${Math.round(score * 100)}%)` : '';
}

function chips(values) {
  if (values.length === 0) return 'none';
  return el('div', { class: 'chips' }, ...values.map((v) => el('span', { class: 'chip', text: v })));
}

function insert(text) {
  const input = byId('composer-text');
  input.value = input.value ? `${input.value}\n${text}` : text;
  input.focus();
}
