/** DOM helpers. Every text goes through textContent: customer text is never markup. */

/** The element with this id. */
export const byId = (id) => document.getElementById(id);

/**
 * Creates an element: `el('li', { class: 'item', text: 'Hi', data: { id: 'h-1' }, onclick }, child…)`.
 * Only `class`, `text`, `data`, `title`, `type`, `value`, `disabled` and `on*` handlers are supported.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'disabled') node.disabled = Boolean(value);
    else if (key === 'title' || key === 'type' || key === 'value') node[key] = String(value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Removes every child. */
export function clear(node) {
  node.replaceChildren();
}

/** "45 s", "3 min", "1 h 5 min". */
export function formatWait(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "14:05". */
export function formatTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Channel ids as people say them. */
export function channelName(channelId) {
  return { webchat: 'Web chat', slack: 'Slack', sms: 'SMS', voice: 'Phone' }[channelId] ?? channelId;
}

/** Words from a code: `check_balance` → "check balance". */
export function humanize(code) {
  return String(code ?? '').replace(/[_-]+/g, ' ');
}

let toastTimer;

/** A short message at the bottom of the screen. */
export function toast(text) {
  const node = byId('toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    node.hidden = true;
  }, 4000);
}
