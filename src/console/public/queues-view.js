/** The left column: pick next, my conversations, and the waiting lists of my queues. */
import { byId, channelName, clear, el, formatWait, humanize } from './dom.js';

/** Renders the whole column from the model. */
export function renderQueues(model, actions) {
  byId('pick-hint').textContent = `Takes the highest priority waiting in: ${model.agentSkills.join(', ')}.`;
  renderMine(model, actions);
  const root = byId('queue-lists');
  clear(root);
  for (const skill of model.agentSkills) {
    const waiting = model.queues.get(skill) ?? [];
    root.append(
      el(
        'div',
        { class: 'queue-heading' },
        el('h2', { text: skill }),
        el('span', { class: 'muted small', text: `${waiting.length} waiting` }),
      ),
    );
    const list = el('ul', { class: 'list', data: { skill } });
    if (waiting.length === 0) list.append(el('li', { class: 'empty-line', text: 'Nobody waiting' }));
    for (const item of waiting) list.append(queueItem(item, model, actions));
    root.append(list);
  }
}

function renderMine(model, actions) {
  const list = byId('mine');
  clear(list);
  if (model.mine.size === 0) list.append(el('li', { class: 'empty-line', text: 'None yet' }));
  for (const handoff of model.mine.values()) {
    const active = handoff.id === model.openId;
    list.append(
      el(
        'li',
        { class: `item${active ? ' item--active' : ''}`, data: { handoffId: handoff.id } },
        el('span', { class: 'item-title', text: handoff.customer?.name ?? 'Customer' }),
        el('button', {
          class: 'btn btn--small',
          type: 'button',
          text: active ? 'Open' : 'View',
          onclick: () => actions.open(handoff.id),
        }),
        el(
          'span',
          { class: 'item-meta' },
          el('span', { text: channelName(handoff.channelId) }),
          el('span', { text: handoff.skill }),
          el('span', { text: humanize(handoff.context?.intent ?? handoff.reason) }),
        ),
      ),
    );
  }
}

function queueItem(item, model, actions) {
  const waited = model.serverNow() - item.queuedAt;
  return el(
    'li',
    { class: 'item', data: { handoffId: item.handoffId } },
    el(
      'span',
      { class: 'item-title' },
      el('span', { text: item.customerName ?? 'Customer' }),
      el('span', { class: 'badge', text: channelName(item.channelId) }),
    ),
    el('button', {
      class: 'btn btn--small',
      type: 'button',
      text: 'Claim',
      onclick: () => actions.claim(item.handoffId),
    }),
    el(
      'span',
      { class: 'item-meta' },
      el('span', { text: humanize(item.intent ?? item.reason) }),
      el('span', {
        class: 'wait',
        data: { queuedAt: String(item.queuedAt) },
        text: `waiting ${formatWait(waited)}`,
      }),
      el('span', {
        class: 'badge badge--priority',
        title: 'Queue priority: lower is served first',
        text: `P${item.priority}`,
      }),
    ),
  );
}

/** Refreshes the wait labels without rebuilding the lists (every second). */
export function tickWaits(model) {
  for (const node of document.querySelectorAll('.wait')) {
    node.textContent = `waiting ${formatWait(model.serverNow() - Number(node.dataset.queuedAt))}`;
  }
}

/** A queue item from a handoff record (live updates). */
export function itemFromHandoff(handoff) {
  return {
    handoffId: handoff.id,
    skill: handoff.skill,
    priority: handoff.priority,
    queuedAt: handoff.queuedAt,
    channelId: handoff.channelId,
    customerName: handoff.customer?.name,
    intent: handoff.context?.intent,
    reason: handoff.reason,
  };
}

/** Inserts or moves an item in pick order (priority, then wait). */
export function upsertItem(model, item) {
  removeItem(model, item.handoffId);
  const list = model.queues.get(item.skill) ?? [];
  list.push(item);
  list.sort((a, b) => a.priority - b.priority || a.queuedAt - b.queuedAt);
  model.queues.set(item.skill, list);
}

export function removeItem(model, handoffId) {
  for (const [skill, list] of model.queues) {
    model.queues.set(
      skill,
      list.filter((i) => i.handoffId !== handoffId),
    );
  }
}
