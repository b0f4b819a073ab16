/*!
 * Switchboard agent console. Plain ES modules, no dependencies, no build step, no external requests.
 * API and socket protocol: src/console/console-protocol.ts; guide: docs/agent-console.md.
 */
import { ApiError, api, LiveSocket } from './api.js';
import { ChatView } from './chat-view.js';
import { byId, toast } from './dom.js';
import { itemFromHandoff, removeItem, renderQueues, tickWaits, upsertItem } from './queues-view.js';
import { SupervisorView } from './supervisor-view.js';

/** Live updates change lists at once; a full refresh follows shortly for exact depths. */
const REFRESH_DEBOUNCE_MS = 400;

const model = {
  agent: undefined,
  skills: [],
  agentSkills: [],
  queues: new Map(),
  mine: new Map(),
  openId: undefined,
  clockOffset: 0,
  serverNow: () => Date.now() - model.clockOffset,
};

let socket;
let refreshTimer;
const supervisor = new SupervisorView();
const chat = new ChatView(model, {
  reply: (handoffId, text) => reply(handoffId, text),
  transfer: (handoffId, skill) =>
    run(() => api('POST', `/handoffs/${handoffId}/transfer`, { skill }), `Transferred to ${skill}.`),
  resolve: (handoffId, disposition) =>
    run(
      () => api('POST', `/handoffs/${handoffId}/resolve`, { disposition }),
      'Resolved. The assistant takes over and asks for feedback.',
    ),
});
const queueActions = {
  open: (handoffId) => open(handoffId),
  claim: (handoffId) => run(async () => open((await api('POST', `/handoffs/${handoffId}/claim`)).handoff.id)),
};

async function boot() {
  try {
    await loadState();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    throw error;
  }
  showApp();
}

async function loadState() {
  const state = await api('GET', '/state');
  model.agent = state.agent;
  model.skills = state.skills;
  model.agentSkills = state.queues.map((q) => q.skill);
  model.clockOffset = Date.now() - state.now;
  model.queues = new Map(
    state.queues.map((q) => [q.skill, q.waiting.map((w) => ({ ...w, queuedAt: state.now - w.waitMs }))]),
  );
  model.mine = new Map(state.mine.map((h) => [h.id, h]));
  byId('presence').value = state.presence.status === 'away' ? 'away' : 'online';
  showAvailability(byId('presence').value);
  renderQueues(model, queueActions);
}

function showLogin() {
  socket?.stop();
  byId('app').hidden = true;
  byId('login').hidden = false;
  byId('login-username').focus();
}

function showApp() {
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('agent-name').textContent = model.agent.name;
  byId('tab-supervisor').hidden = model.agent.role !== 'supervisor';
  socket = new LiveSocket(onFrame, (state) => {
    const node = byId('connection');
    node.dataset.state = state;
    node.textContent = state === 'live' ? 'Live' : 'Reconnecting…';
  });
  socket.connect();
  route();
}

function onFrame(frame) {
  if (frame.type === 'handoff') onHandoff(frame.handoff);
  else if (frame.type === 'message' && frame.handoffId === model.openId) {
    chat.appendLine(frame.line);
    // Agent assist follows the customer's latest question.
    if (frame.line.from === 'customer') chat.loadSuggestions();
  } else if (frame.type === 'error') toast(frame.message);
}

function onHandoff(handoff) {
  if (handoff.status === 'pending' && model.agentSkills.includes(handoff.skill))
    upsertItem(model, itemFromHandoff(handoff));
  else removeItem(model, handoff.id);
  if (handoff.status === 'assigned' && handoff.agentId === model.agent.id)
    model.mine.set(handoff.id, handoff);
  else model.mine.delete(handoff.id);
  if (handoff.id === model.openId) {
    chat.update(handoff);
    if (!model.mine.has(handoff.id) && model.agent.role !== 'supervisor') closeChat();
  }
  renderQueues(model, queueActions);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => loadState().catch(() => undefined), REFRESH_DEBOUNCE_MS);
  if (!byId('supervisor').hidden) supervisor.refresh();
}

async function open(handoffId) {
  model.openId = handoffId;
  renderQueues(model, queueActions);
  await chat.open(handoffId);
}

function closeChat() {
  model.openId = undefined;
  chat.close();
}

function reply(handoffId, text) {
  const id = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  if (socket.send({ type: 'reply', id, handoffId, text })) return;
  run(() => api('POST', `/handoffs/${handoffId}/messages`, { text }));
}

async function run(action, success) {
  try {
    await action();
    if (success) toast(success);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    toast(error.message);
    await loadState().catch(() => undefined);
  }
}

function route() {
  const wantsSupervisor = location.hash === '#/supervisor' && model.agent?.role === 'supervisor';
  byId('tab-queues').setAttribute('aria-current', wantsSupervisor ? 'false' : 'page');
  byId('tab-supervisor').setAttribute('aria-current', wantsSupervisor ? 'page' : 'false');
  if (wantsSupervisor) supervisor.show();
  else supervisor.hide();
}

byId('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = byId('login-error');
  error.hidden = true;
  byId('login-submit').disabled = true;
  try {
    await api('POST', '/login', {
      username: byId('login-username').value,
      password: byId('login-password').value,
    });
    byId('login-password').value = '';
    await boot();
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
  } finally {
    byId('login-submit').disabled = false;
  }
});

byId('pick-next').addEventListener('click', () =>
  run(async () => {
    const { handoff } = await api('POST', '/pick');
    if (handoff) await open(handoff.id);
    else toast('Nobody is waiting in your queues.');
  }),
);

byId('presence').addEventListener('change', (event) =>
  run(async () => {
    await api('POST', '/presence', { status: event.target.value });
    showAvailability(event.target.value);
  }),
);

/** Away keeps the current conversations but takes no new ones (the server refuses: SWB_ERR_AGENT_AWAY). */
function showAvailability(status) {
  const away = status === 'away';
  byId('pick-next').disabled = away;
  byId('pick-next').title = away ? 'You are Away: set yourself Online to take new conversations.' : '';
}

byId('logout').addEventListener('click', () =>
  run(async () => {
    await api('POST', '/logout');
    closeChat();
    showLogin();
  }),
);

window.addEventListener('hashchange', route);
setInterval(() => tickWaits(model), 1000);
boot().catch((error) => toast(error.message));
