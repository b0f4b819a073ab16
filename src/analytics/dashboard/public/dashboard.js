// The analytics dashboard: signs in through /api/analytics, fetches the metrics of a range and
// draws them with Chart.js (served from this origin). Text is set with textContent only.
const $ = (id) => document.getElementById(id);
const charts = new Map();
const DAY_MS = 86_400_000;
const PALETTE = ['#2e5bff', '#12b76a', '#f79009', '#f04438', '#7a5af8', '#0ba5ec', '#667085'];

async function api(path, options = {}) {
  const res = await fetch(path, { credentials: 'same-origin', ...options });
  const body = res.status === 204 ? {} : await res.json();
  if (!res.ok)
    throw Object.assign(new Error(body.message ?? res.statusText), { status: res.status, code: body.code });
  return body;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function defaultRange() {
  const params = new URLSearchParams(location.search);
  const today = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  return { from: params.get('from') ?? monthAgo, to: params.get('to') ?? today };
}

const percent = (v) => (v === null ? '—' : `${(100 * v).toFixed(1)} %`);
const seconds = (v) => (v === null ? '—' : `${(v / 1000).toFixed(0)} s`);
const number = (v) => (v === null ? '—' : String(Math.round(v * 100) / 100));

function renderKpis(t) {
  const tiles = [
    ['Conversations', number(t.conversations)],
    ['Containment', percent(t.containmentRate)],
    ['Escalation', percent(t.escalationRate)],
    ['Out of scope', percent(t.outOfScopeRate)],
    ['FAQ answered', percent(t.faqAnswerRate)],
    ['"Did that help?" yes', percent(t.helpedRate)],
    ['Forms completed', percent(t.formCompletionRate)],
    ['Average wait', seconds(t.avgWaitMs)],
    ['Average handle', seconds(t.avgHandleMs)],
    ['CSAT', number(t.csatAverage)],
    ['Negative sentiment', percent(t.negativeShare)],
  ];
  $('kpis').replaceChildren(
    ...tiles.map(([label, value]) => {
      const tile = document.createElement('div');
      tile.className = 'kpi';
      tile.dataset.kpi = label;
      const b = document.createElement('b');
      b.textContent = value;
      tile.append(b, label);
      return tile;
    }),
  );
}

function draw(id, config) {
  charts.get(id)?.destroy();
  const chart = new window.Chart($(id), {
    ...config,
    options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
  });
  charts.set(id, chart);
}

function line(label, data, color) {
  return { label, data, borderColor: color, backgroundColor: color, tension: 0.2, spanGaps: true };
}

function renderCharts(data) {
  const days = data.daily.map((r) => r.day);
  const pct = (v) => (v === null ? null : Math.round(1000 * v) / 10);
  draw('chart-conversations', {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        line(
          'Conversations',
          data.daily.map((r) => r.conversations),
          PALETTE[0],
        ),
        line(
          'Escalated',
          data.daily.map((r) => r.escalatedConversations),
          PALETTE[3],
        ),
      ],
    },
  });
  draw('chart-rates', {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        line(
          'Containment %',
          data.daily.map((r) => pct(r.containmentRate)),
          PALETTE[1],
        ),
        line(
          'Escalation %',
          data.daily.map((r) => pct(r.escalationRate)),
          PALETTE[3],
        ),
        line(
          'Out of scope %',
          data.daily.map((r) => pct(r.outOfScopeRate)),
          PALETTE[2],
        ),
        line(
          'Negative sentiment %',
          data.daily.map((r) => pct(r.negativeShare)),
          PALETTE[4],
        ),
      ],
    },
    options: { scales: { y: { min: 0, max: 100 } } },
  });
  // Events without an intent (picks, CSAT) make a row with no conversations: not a bar.
  const intents = data.byIntent.filter((r) => r.conversations > 0);
  draw('chart-intents', {
    type: 'bar',
    data: {
      labels: intents.map((r) => r.intent ?? '(none)'),
      datasets: [
        { label: 'Conversations', data: intents.map((r) => r.conversations), backgroundColor: PALETTE[0] },
      ],
    },
    options: { indexAxis: 'y' },
  });
  draw('chart-reasons', {
    type: 'doughnut',
    data: {
      labels: data.escalationReasons.map((r) => r.reason),
      datasets: [{ data: data.escalationReasons.map((r) => r.count), backgroundColor: PALETTE }],
    },
  });
  draw('chart-csat', {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        line(
          'CSAT',
          data.daily.map((r) => r.csatAverage),
          PALETTE[4],
        ),
      ],
    },
    options: { scales: { y: { min: 1, max: 5 } } },
  });
  const secs = (v) => (v === null ? null : Math.round(v / 100) / 10);
  draw('chart-times', {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: 'Wait', data: data.daily.map((r) => secs(r.avgWaitMs)), backgroundColor: PALETTE[2] },
        { label: 'Handle', data: data.daily.map((r) => secs(r.avgHandleMs)), backgroundColor: PALETTE[5] },
      ],
    },
  });
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function renderChannels(rows) {
  const head = document.createElement('tr');
  for (const h of ['Channel', 'Conversations', 'Containment', 'Escalation', 'Out of scope', 'CSAT'])
    head.append(cell('th', h));
  const body = rows.map((r) => {
    const tr = document.createElement('tr');
    tr.append(
      cell('td', r.channelId),
      cell('td', number(r.conversations)),
      cell('td', percent(r.containmentRate)),
      cell('td', percent(r.escalationRate)),
      cell('td', percent(r.outOfScopeRate)),
      cell('td', number(r.csatAverage)),
    );
    return tr;
  });
  $('channel-table').replaceChildren(head, ...body);
}

function renderAlerts(alerts) {
  if (alerts.length === 0) return $('alerts').replaceChildren(cell('li', 'No alerts in this range.'));
  $('alerts').replaceChildren(
    ...alerts.map((a) => cell('li', `${a.raisedAt.slice(0, 16).replace('T', ' ')} UTC — ${a.summary}`)),
  );
}

async function load(range) {
  $('dashboard').dataset.state = 'loading';
  show('range-error', false);
  const query = new URLSearchParams(range).toString();
  try {
    const [data, { alerts }] = await Promise.all([
      api(`/api/analytics/metrics?${query}`),
      api(`/api/analytics/alerts?${query}`),
    ]);
    window.dashboardData = data;
    renderKpis(data.totals);
    renderCharts(data);
    renderChannels(data.byChannel);
    renderAlerts(alerts);
    $('dashboard').dataset.state = 'ready';
  } catch (error) {
    if (error.status === 401) return start();
    $('range-error').textContent = error.message;
    show('range-error', true);
    $('dashboard').dataset.state = 'error';
  }
}

async function start() {
  try {
    const { agent } = await api('/api/analytics/session');
    show('login', false);
    show('app', true);
    $('who').textContent = agent.name;
    const range = defaultRange();
    $('range-from').value = range.from;
    $('range-to').value = range.to;
    await load(range);
  } catch {
    show('app', false);
    show('login', true);
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('login-error', false);
  try {
    await api('/api/analytics/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: $('login-username').value, password: $('login-password').value }),
    });
    await start();
  } catch (error) {
    $('login-error').textContent = error.message;
    show('login-error', true);
  }
});

$('range-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void load({ from: $('range-from').value, to: $('range-to').value });
});

$('logout').addEventListener('click', async () => {
  await api('/api/analytics/logout', { method: 'POST', headers: { 'content-type': 'application/json' } });
  await start();
});

void start();
