/** The supervisor view: queue depths, longest waits, agents online, conversations per agent. */
import { api } from './api.js';
import { byId, clear, el, formatWait } from './dom.js';

/** How often the view refreshes while it is shown (socket events refresh it sooner). */
const REFRESH_MS = 5_000;

export class SupervisorView {
  constructor() {
    this.timer = undefined;
  }

  show() {
    byId('workspace').hidden = true;
    byId('supervisor').hidden = false;
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
  }

  hide() {
    clearInterval(this.timer);
    byId('supervisor').hidden = true;
    byId('workspace').hidden = false;
  }

  async refresh() {
    const snapshot = await api('GET', '/supervisor').catch(() => undefined);
    if (snapshot) this.render(snapshot);
  }

  render(snapshot) {
    renderTotals(snapshot);
    const queues = byId('sup-queues');
    clear(queues);
    for (const q of snapshot.queues) {
      queues.append(row(q.skill, q.depth, q.depth ? formatWait(q.longestWaitMs) : '—', q.assigned));
    }
    const agents = byId('sup-agents');
    clear(agents);
    for (const a of snapshot.agents) {
      const status = el(
        'span',
        {},
        el('span', { class: `dot dot--${a.status}` }),
        el('span', { text: a.status }),
      );
      const name = `${a.name}${a.role === 'supervisor' ? ' (supervisor)' : ''}`;
      agents.append(row(name, status, a.skills.join(', '), a.conversations));
    }
  }
}

function renderTotals(snapshot) {
  const totals = byId('totals');
  clear(totals);
  const longest = Math.max(0, ...snapshot.queues.map((q) => q.longestWaitMs));
  const cards = [
    ['Waiting', snapshot.totals.waiting],
    ['Being served', snapshot.totals.assigned],
    ['Agents online', snapshot.totals.agentsOnline],
    ['Longest wait', snapshot.totals.waiting > 0 ? formatWait(longest) : '—'],
  ];
  for (const [label, value] of cards) {
    totals.append(
      el(
        'div',
        { class: 'stat' },
        el('div', { class: 'muted small', text: label }),
        el('div', { class: 'stat-value', text: value }),
      ),
    );
  }
}

function row(...cells) {
  return el('tr', {}, ...cells.map((c) => (typeof c === 'object' ? el('td', {}, c) : el('td', { text: c }))));
}
