/*!
 * Switchboard web chat widget. Plain ES2020, no dependencies, no build step.
 * Embed: <script src="https://bot.example.com/webchat.js" defer data-title="Acme Bank"></script>
 * Docs: docs/webchat-widget.md. Wire protocol: adapters/webchat/protocol.ts.
 */
(() => {
  // Loaded twice (a tag manager and the page): keep the first instance.
  if (window.SwitchboardWebChat) return;

  /** The server's `webchat.maxTextChars` default; `data-max-chars` follows a different setting. */
  const DEFAULT_MAX_TEXT_CHARS = 5000;
  /** The counter appears in the last 10% of the allowed length, where it starts to matter. */
  const COUNTER_FROM_RATIO = 0.9;
  /** A typing indicator without a following message is stale after this long. */
  const TYPING_TIMEOUT_MS = 10_000;
  /** Below common proxy idle timeouts (30–60 s), so an idle socket is never cut. */
  const PING_INTERVAL_MS = 25_000;
  /** No pong within this long: the connection is half-open; drop it and reconnect. */
  const PONG_TIMEOUT_MS = 10_000;
  /** Reconnect backoff: doubles from 0.5 s up to 10 s, with ±25% jitter so clients spread out. */
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 10_000;
  const BACKOFF_JITTER = 0.25;
  /** A token this close to expiry is refreshed before reconnecting. */
  const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
  /** Auto-scroll only when the reader is this close to the bottom (not reading older messages). */
  const NEAR_BOTTOM_PX = 120;
  /** Tallest the input grows before it scrolls. */
  const INPUT_MAX_HEIGHT_PX = 120;
  const DEFAULT_ACCENT = '#0b5fff';
  const CLOSE_UNAUTHORIZED = 4401;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;

  // ---------------------------------------------------------------------------------------------
  // Configuration: from the <script> tag's data attributes.

  const config = readConfig(document.currentScript);

  function readConfig(script) {
    const data = script ? script.dataset : {};
    const scriptUrl = new URL(script?.src || 'webchat.js', location.href);
    const server = new URL(data.server || scriptUrl.origin, location.href);
    const base = server.href.replace(/\/+$/, '');
    const accent = data.accent && CSS.supports('color', data.accent) ? data.accent : DEFAULT_ACCENT;
    const maxChars = Number(data.maxChars);
    return {
      base,
      socketUrl: `${base.replace(/^http/, 'ws')}/webchat/socket`,
      stylesheet: new URL('webchat.css', scriptUrl).href,
      title: data.title || 'Chat with us',
      subtitle: data.subtitle || 'We usually reply in a few seconds',
      accent,
      open: data.open === 'true',
      maxChars: Number.isInteger(maxChars) && maxChars > 0 ? maxChars : DEFAULT_MAX_TEXT_CHARS,
      storageKey: `swb-webchat:${base}`,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Persistent state: the session and how far the conversation was read. Survives reloads.

  const state = loadState();

  function loadState() {
    try {
      const value = JSON.parse(localStorage.getItem(config.storageKey) || '{}');
      return {
        token: typeof value.token === 'string' ? value.token : undefined,
        expiresAt: typeof value.expiresAt === 'number' ? value.expiresAt : 0,
        conversationId: typeof value.conversationId === 'string' ? value.conversationId : undefined,
        lastSeq: Number.isInteger(value.lastSeq) ? value.lastSeq : 0,
        started: value.started === true,
        open: typeof value.open === 'boolean' ? value.open : undefined,
      };
    } catch {
      return { expiresAt: 0, lastSeq: 0, started: false };
    }
  }

  function saveState() {
    try {
      localStorage.setItem(config.storageKey, JSON.stringify(state));
    } catch {
      // Storage full or blocked (private mode): the chat still works for this page.
    }
  }

  function forgetSession() {
    state.token = undefined;
    state.expiresAt = 0;
    state.conversationId = undefined;
    state.lastSeq = 0;
    state.started = false;
    saveState();
  }

  // ---------------------------------------------------------------------------------------------
  // DOM helpers. Text always goes through textContent: message text can never become markup.

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  const ICONS = {
    chat: [
      [
        'path',
        {
          d: 'M4 6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v7a2.5 2.5 0 0 1-2.5 2.5H11l-4.4 3.5V16h-.1A2.5 2.5 0 0 1 4 13.5z',
        },
      ],
      ['path', { d: 'M8.5 9h7M8.5 12h4.5' }],
    ],
    chevron: [['path', { d: 'M6 9l6 6 6-6' }]],
    close: [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
    send: [['path', { d: 'M12 19V5M5.5 11.5 12 5l6.5 6.5' }]],
    lock: [
      ['rect', { x: '5', y: '11', width: '14', height: '10', rx: '2' }],
      ['path', { d: 'M8 11V8a4 4 0 0 1 8 0v3' }],
    ],
  };

  function icon(name) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    const attrs = { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false', class: 'swb-icon' };
    for (const [key, value] of Object.entries(attrs)) svg.setAttribute(key, value);
    for (const [tag, shape] of ICONS[name]) {
      const node = document.createElementNS(SVG_NS, tag);
      for (const [key, value] of Object.entries(shape)) node.setAttribute(key, value);
      svg.append(node);
    }
    return svg;
  }

  function initials(name) {
    const words = name.split(/\s+/).filter(Boolean).slice(0, 2);
    return words.map((w) => w[0].toUpperCase()).join('') || '?';
  }

  /** Text with http(s) URLs as links; everything else stays a text node. */
  function linkify(text) {
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      const url = match[0].replace(/[.,;:!?)\]]+$/, '');
      if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
      nodes.push(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: url }));
      last = match.index + url.length;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });

  function timeLabel(date) {
    const today = new Date().toDateString() === date.toDateString();
    return (today ? timeFormat : dateTimeFormat).format(date);
  }

  function newClientMessageId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // randomUUID needs a secure context; getRandomValues works everywhere.
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
  }

  // ---------------------------------------------------------------------------------------------
  // The view: a shadow root, so the host page's CSS cannot reach in and ours cannot leak out.

  const ui = buildView();

  function buildView() {
    const host = document.createElement('switchboard-webchat');
    host.style.setProperty('--swb-accent', config.accent);
    // Hidden until the stylesheet is in, so the page never flashes an unstyled widget.
    host.style.display = 'none';
    const root = host.attachShadow({ mode: 'open' });
    const stylesheet = el('link', { rel: 'stylesheet', href: config.stylesheet });
    stylesheet.addEventListener('load', () => host.style.removeProperty('display'));
    stylesheet.addEventListener('error', () =>
      console.warn(`Switchboard: ${config.stylesheet} did not load.`),
    );

    const badge = el('span', { class: 'swb-badge', hidden: true, 'aria-hidden': 'true' });
    const launcher = el(
      'button',
      {
        type: 'button',
        class: 'swb-launcher',
        'aria-label': `Open chat with ${config.title}`,
        'aria-expanded': 'false',
        'aria-controls': 'swb-panel',
        on: { click: () => (isOpen() ? close() : open()) },
      },
      [
        el('span', { class: 'swb-launcher-open' }, [icon('chat')]),
        el('span', { class: 'swb-launcher-close' }, [icon('chevron')]),
        badge,
      ],
    );

    const statusText = el('span', { class: 'swb-status-text', text: 'Connecting…' });
    const status = el('p', { class: 'swb-status', 'data-state': 'connecting' }, [
      el('span', { class: 'swb-dot', 'aria-hidden': 'true' }),
      statusText,
    ]);
    const header = el('header', { class: 'swb-header' }, [
      el('div', {
        class: 'swb-avatar swb-avatar--header',
        'aria-hidden': 'true',
        text: initials(config.title),
      }),
      el('div', { class: 'swb-heading' }, [
        el('h2', { class: 'swb-title', id: 'swb-title', text: config.title }),
        status,
      ]),
      el(
        'button',
        { type: 'button', class: 'swb-close', 'aria-label': 'Close chat', on: { click: () => close() } },
        [icon('close')],
      ),
    ]);

    const intro = el('div', { class: 'swb-intro' }, [
      el('div', {
        class: 'swb-avatar swb-avatar--intro',
        'aria-hidden': 'true',
        text: initials(config.title),
      }),
      el('p', { class: 'swb-intro-title', text: config.title }),
      el('p', { class: 'swb-intro-subtitle', text: config.subtitle }),
      el('p', { class: 'swb-intro-note' }, [
        icon('lock'),
        el('span', { text: 'Never share your PIN, password or full card number in this chat.' }),
      ]),
    ]);
    const list = el('ol', {
      class: 'swb-messages',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-label': 'Conversation',
    });
    const typingAvatar = el('div', { class: 'swb-avatar swb-avatar--message', 'aria-hidden': 'true' });
    const typingLabel = el('span', { class: 'swb-visually-hidden' });
    const typing = el('div', { class: 'swb-typing', hidden: true }, [
      typingAvatar,
      el('div', { class: 'swb-typing-bubble', role: 'status' }, [
        el('span', { class: 'swb-typing-dot' }),
        el('span', { class: 'swb-typing-dot' }),
        el('span', { class: 'swb-typing-dot' }),
        typingLabel,
      ]),
    ]);
    const scroller = el('div', { class: 'swb-scroll' }, [intro, list, typing]);

    const input = el('textarea', {
      class: 'swb-input',
      id: 'swb-input',
      rows: '1',
      maxlength: String(config.maxChars),
      placeholder: 'Type your message…',
      'aria-label': 'Message',
      autocomplete: 'off',
      on: { input: () => onInput(), keydown: (event) => onKeyDown(event) },
    });
    const counter = el('span', { class: 'swb-counter', hidden: true, 'aria-live': 'polite' });
    const sendButton = el(
      'button',
      { type: 'submit', class: 'swb-send', 'aria-label': 'Send message', disabled: true },
      [icon('send')],
    );
    const form = el('form', { class: 'swb-composer', on: { submit: (event) => onSubmit(event) } }, [
      el('div', { class: 'swb-field' }, [input, counter]),
      sendButton,
    ]);
    const footer = el('p', { class: 'swb-footer', text: 'Powered by Switchboard' });

    const panel = el(
      'section',
      {
        class: 'swb-panel',
        id: 'swb-panel',
        role: 'dialog',
        'aria-labelledby': 'swb-title',
        hidden: true,
        on: { keydown: (event) => event.key === 'Escape' && close() },
      },
      [header, scroller, form, footer],
    );
    const container = el('div', { class: 'swb-root' }, [panel, launcher]);
    root.append(stylesheet, container);
    (document.body || document.documentElement).append(host);
    return {
      host,
      container,
      launcher,
      badge,
      panel,
      status,
      statusText,
      scroller,
      list,
      typing,
      typingAvatar,
      typingLabel,
      input,
      counter,
      sendButton,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Messages. Each rendered server message is keyed by seq (dedupe); an optimistic customer
  // bubble is keyed by clientMessageId until its echo gives it a seq.

  /** Seqs rendered on this page. */
  const renderedSeqs = new Set();
  /** Highest seq rendered on this page: the `after` of the next hello (0 on a fresh page load). */
  let pageLastSeq = 0;
  /** The seq read up to when the page loaded: anything newer, arriving while closed, is unread. */
  const readUpTo = state.lastSeq;
  let unread = 0;
  let typingTimer = 0;
  /** Typing frames do not name the agent: the last agent who wrote is the best guess. */
  let lastAgentName;

  function showMessage(message) {
    if (renderedSeqs.has(message.seq)) return;
    renderedSeqs.add(message.seq);
    pageLastSeq = Math.max(pageLastSeq, message.seq);
    if (message.seq > state.lastSeq) {
      state.lastSeq = message.seq;
      saveState();
    }
    if (message.from !== 'customer') hideTyping();
    if (message.from === 'agent' && message.name) lastAgentName = message.name;
    const pending = message.clientMessageId && findPending(message.clientMessageId);
    if (pending) {
      confirmBubble(pending, message.seq);
      outbox.delete(message.clientMessageId);
      failed.delete(message.clientMessageId);
      return;
    }
    const item = messageItem(message);
    const next = followerOf(message.seq);
    // Only the latest message keeps its buttons: once the conversation moves on, they are stale.
    if (!next) {
      for (const row of ui.list.querySelectorAll('.swb-actions')) row.remove();
      if (message.buttons?.length) item.append(buttonRow(message.buttons));
    }
    const follow = nearBottom();
    insert(item, next);
    if (follow || !isOpen()) scrollToBottom();
    if (message.from !== 'customer' && !isOpen() && message.seq > readUpTo) setUnread(unread + 1);
  }

  function messageItem(message) {
    const { from } = message;
    const date = new Date(message.timestamp || Date.now());
    const sender = from === 'customer' ? 'You' : from === 'agent' ? message.name || 'Agent' : config.title;
    const item = el('li', {
      class: `swb-msg swb-msg--${from}`,
      'data-from': from,
      'data-name': message.name,
    });
    if (message.seq) item.dataset.seq = String(message.seq);
    const body = el('div', { class: 'swb-body' }, [
      from === 'agent' && el('div', { class: 'swb-name', text: sender }),
      el('div', { class: 'swb-bubble' }, [
        el('span', { class: 'swb-visually-hidden', text: `${sender}: ` }),
        ...linkify(String(message.text ?? '')),
      ]),
    ]);
    const avatar =
      from !== 'customer' &&
      el('div', {
        class: `swb-avatar swb-avatar--message${from === 'agent' ? ' swb-avatar--agent' : ''}`,
        'aria-hidden': 'true',
        text: initials(sender),
      });
    item.append(
      el('div', { class: 'swb-row' }, [avatar, body]),
      el('div', { class: 'swb-meta' }, [
        el('time', { datetime: date.toISOString(), title: date.toLocaleString(), text: timeLabel(date) }),
      ]),
    );
    return item;
  }

  /** Where a message goes in seq order: before this element, or at the end (null). */
  function followerOf(seq) {
    for (const child of ui.list.children) {
      // Optimistic bubbles (no seq yet) stay below every confirmed message.
      if (child.classList.contains('swb-msg--pending') || Number(child.dataset.seq || 0) > seq) return child;
    }
    return null;
  }

  function insert(item, before) {
    ui.list.insertBefore(item, before);
    regroup(item);
    if (item.nextElementSibling) regroup(item.nextElementSibling);
  }

  /** Consecutive messages from one sender form a group: one avatar, tighter spacing. */
  function regroup(item) {
    const prev = item.previousElementSibling;
    const same =
      prev &&
      prev.dataset.from === item.dataset.from &&
      prev.dataset.name === item.dataset.name &&
      item.dataset.from;
    item.classList.toggle('swb-msg--cont', Boolean(same));
  }

  function buttonRow(buttons) {
    const row = el('div', { class: 'swb-actions', role: 'group', 'aria-label': 'Suggested replies' });
    for (const button of buttons) {
      const node = el('button', {
        type: 'button',
        class: 'swb-action',
        text: button.title,
        on: { click: () => choose(row, node, button) },
      });
      row.append(node);
    }
    return row;
  }

  function choose(row, node, button) {
    for (const other of row.querySelectorAll('button')) other.disabled = true;
    node.classList.add('swb-action--chosen');
    row.classList.add('swb-actions--used');
    enqueue(
      { type: 'postBack', clientMessageId: newClientMessageId(), value: button.value, title: button.title },
      button.title,
    );
  }

  function addPendingBubble(clientMessageId, text) {
    const item = messageItem({ from: 'customer', text, timestamp: new Date().toISOString() });
    item.classList.add('swb-msg--pending');
    item.dataset.clientMessageId = clientMessageId;
    item.querySelector('.swb-meta').append(el('span', { class: 'swb-sending', text: 'Sending…' }));
    insert(item, null);
    scrollToBottom();
  }

  function findPending(clientMessageId) {
    for (const item of ui.list.querySelectorAll('.swb-msg--pending')) {
      if (item.dataset.clientMessageId === clientMessageId) return item;
    }
    return undefined;
  }

  function confirmBubble(item, seq) {
    item.classList.remove('swb-msg--pending', 'swb-msg--failed');
    item.dataset.seq = String(seq);
    for (const node of item.querySelectorAll('.swb-sending, .swb-failed')) node.remove();
  }

  /** The server could not handle the message: say so, and offer to send it again. */
  function showFailed(clientMessageId, reason) {
    const item = findPending(clientMessageId);
    if (!item) return;
    item.classList.add('swb-msg--failed');
    item.querySelector('.swb-sending')?.remove();
    const retry = el('button', {
      type: 'button',
      class: 'swb-retry',
      text: 'Retry',
      on: { click: () => retrySend(clientMessageId) },
    });
    item
      .querySelector('.swb-meta')
      .append(el('span', { class: 'swb-failed', title: reason, text: 'Not delivered. ' }, [retry]));
  }

  function clearFailed(clientMessageId) {
    const item = findPending(clientMessageId);
    if (!item?.classList.contains('swb-msg--failed')) return;
    item.classList.remove('swb-msg--failed');
    item.querySelector('.swb-failed')?.remove();
    item.querySelector('.swb-meta').append(el('span', { class: 'swb-sending', text: 'Sending…' }));
  }

  function showNotice(text) {
    insert(el('li', { class: 'swb-notice', text }), null);
    scrollToBottom();
  }

  function showTyping(from) {
    const who = from === 'agent' ? lastAgentName || 'Agent' : config.title;
    ui.typingAvatar.textContent = initials(who);
    ui.typingAvatar.classList.toggle('swb-avatar--agent', from === 'agent');
    ui.typingLabel.textContent = `${who} is typing`;
    const follow = nearBottom();
    ui.typing.hidden = false;
    if (follow) scrollToBottom();
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    ui.typing.hidden = true;
  }

  function nearBottom() {
    const s = ui.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  function scrollToBottom() {
    ui.scroller.scrollTop = ui.scroller.scrollHeight;
  }

  function clearConversation() {
    ui.list.replaceChildren();
    renderedSeqs.clear();
    pageLastSeq = 0;
    hideTyping();
  }

  function setUnread(count) {
    unread = count;
    ui.badge.hidden = count === 0;
    ui.badge.textContent = count > 9 ? '9+' : String(count);
    const suffix = count ? ` (${count} unread)` : '';
    if (!isOpen()) ui.launcher.setAttribute('aria-label', `Open chat with ${config.title}${suffix}`);
  }

  const STATUS_TEXT = { connecting: 'Connecting…', online: 'Online', reconnecting: 'Reconnecting…' };

  function setStatus(name) {
    ui.status.dataset.state = name;
    ui.statusText.textContent = STATUS_TEXT[name];
    ui.container.dataset.connection = name;
  }

  // ---------------------------------------------------------------------------------------------
  // Composer.

  function onInput() {
    const { input } = ui;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, INPUT_MAX_HEIGHT_PX)}px`;
    const length = input.value.length;
    ui.counter.hidden = length < config.maxChars * COUNTER_FROM_RATIO;
    ui.counter.textContent = `${length.toLocaleString()} / ${config.maxChars.toLocaleString()}`;
    ui.counter.classList.toggle('swb-counter--full', length >= config.maxChars);
    ui.sendButton.disabled = input.value.trim() === '';
  }

  function onKeyDown(event) {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    submitInput();
  }

  function onSubmit(event) {
    event.preventDefault();
    submitInput();
  }

  function submitInput() {
    if (!sendText(ui.input.value)) return;
    ui.input.value = '';
    onInput();
    ui.input.focus();
  }

  function sendText(text) {
    const value = String(text ?? '');
    if (value.trim() === '' || value.length > config.maxChars) return false;
    enqueue({ type: 'message', clientMessageId: newClientMessageId(), text: value }, value);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection: session over HTTP, then one WebSocket, reconnected with backoff.

  /** Messages sent but not yet acknowledged, in order; re-sent after every reconnect. */
  const outbox = new Map();
  /** Messages the server answered with an error, by clientMessageId, until the customer retries. */
  const failed = new Map();
  const conn = {
    socket: null,
    ready: false,
    connecting: false,
    attempt: 0,
    retryTimer: 0,
    pingTimer: 0,
    pongTimer: 0,
    refreshed: false,
    everOnline: false,
    /** clientMessageIds sent on this socket and not yet answered, oldest first. */
    inFlight: [],
  };

  function enqueue(frame, shownText) {
    addPendingBubble(frame.clientMessageId, shownText);
    deliver(frame);
  }

  function deliver(frame) {
    outbox.set(frame.clientMessageId, frame);
    if (conn.ready) transmitTurn(frame);
    else ensureConnected();
  }

  function retrySend(clientMessageId) {
    const frame = failed.get(clientMessageId);
    if (!frame) return;
    failed.delete(clientMessageId);
    clearFailed(clientMessageId);
    deliver(frame);
  }

  function transmit(frame) {
    conn.socket.send(JSON.stringify(frame));
  }

  /** Sends a customer turn; the server answers each one, in order, with an ack or an error. */
  function transmitTurn(frame) {
    transmit(frame);
    conn.inFlight.push(frame.clientMessageId);
  }

  function onAck(clientMessageId) {
    conn.inFlight = conn.inFlight.filter((id) => id !== clientMessageId);
    outbox.delete(clientMessageId);
    failed.delete(clientMessageId);
    clearFailed(clientMessageId);
  }

  function onError(frame) {
    // Turns are answered in order, so an error belongs to the oldest turn still unanswered. (A
    // failed `start` has no id and would be blamed on the next turn: its later ack clears that.)
    const clientMessageId = conn.inFlight.shift();
    const frameSent = clientMessageId && outbox.get(clientMessageId);
    if (!frameSent) return showNotice(frame.message || 'Something went wrong. Please try again.');
    outbox.delete(clientMessageId);
    failed.set(clientMessageId, frameSent);
    showFailed(clientMessageId, frame.message || '');
  }

  function ensureConnected() {
    if (!conn.socket && !conn.connecting && !conn.retryTimer) void connect();
  }

  async function connect() {
    conn.connecting = true;
    setStatus(conn.everOnline ? 'reconnecting' : 'connecting');
    try {
      await ensureSession();
    } catch {
      conn.connecting = false;
      scheduleReconnect();
      return;
    }
    conn.connecting = false;
    openSocket();
  }

  async function ensureSession() {
    const expiring = state.expiresAt - Date.now() < TOKEN_REFRESH_MARGIN_MS;
    if (state.token && (!conn.refreshed || expiring)) {
      const response = await postSession(state.token);
      if (response.status === 401)
        startOver('Your previous chat session has ended. This is a new conversation.');
      else if (response.ok) adoptSession(await response.json());
      else throw new Error(`POST /webchat/session: HTTP ${response.status}`);
    }
    if (!state.token) {
      const response = await postSession(undefined);
      if (!response.ok) throw new Error(`POST /webchat/session: HTTP ${response.status}`);
      adoptSession(await response.json());
    }
  }

  function postSession(token) {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    return fetch(`${config.base}/webchat/session`, { method: 'POST', headers, credentials: 'omit' });
  }

  function adoptSession(session) {
    if (state.conversationId && state.conversationId !== session.conversationId) {
      forgetSession();
      clearConversation();
    }
    state.token = session.token;
    state.expiresAt = session.expiresAt;
    state.conversationId = session.conversationId;
    conn.refreshed = true;
    saveState();
  }

  /** The session is gone (expired, revoked): start a new conversation, keeping unsent messages. */
  function startOver(notice) {
    const hadConversation = ui.list.children.length > 0;
    forgetSession();
    clearConversation();
    if (hadConversation) showNotice(notice);
    failed.clear();
    for (const frame of outbox.values()) addPendingBubble(frame.clientMessageId, frame.title ?? frame.text);
  }

  function openSocket() {
    let socket;
    try {
      socket = new WebSocket(config.socketUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    conn.socket = socket;
    socket.onopen = () =>
      socket.send(JSON.stringify({ type: 'hello', token: state.token, after: pageLastSeq }));
    socket.onmessage = (event) => onFrame(event.data);
    socket.onclose = (event) => onSocketClosed(event.code);
  }

  function onFrame(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ready':
        return onReady();
      case 'message':
        return showMessage(frame.message);
      case 'typing':
        return showTyping(frame.from);
      case 'ack':
        return onAck(frame.clientMessageId);
      case 'pong':
        clearTimeout(conn.pongTimer);
        return;
      case 'error':
        return onError(frame);
      default:
        return;
    }
  }

  function onReady() {
    conn.ready = true;
    conn.everOnline = true;
    conn.attempt = 0;
    setStatus('online');
    conn.pingTimer = setInterval(ping, PING_INTERVAL_MS);
    if (!state.started) {
      transmit({ type: 'start' });
      state.started = true;
      saveState();
    }
    for (const frame of outbox.values()) transmitTurn(frame);
  }

  function ping() {
    if (!conn.ready) return;
    transmit({ type: 'ping' });
    clearTimeout(conn.pongTimer);
    conn.pongTimer = setTimeout(dropSocket, PONG_TIMEOUT_MS);
  }

  /** Abandons a socket that stopped answering (its close handshake may never complete). */
  function dropSocket() {
    const socket = conn.socket;
    if (!socket) return;
    socket.onclose = null;
    socket.onmessage = null;
    socket.close();
    onSocketClosed(0);
  }

  function onSocketClosed(code) {
    conn.socket = null;
    conn.ready = false;
    conn.inFlight = [];
    clearInterval(conn.pingTimer);
    clearTimeout(conn.pongTimer);
    hideTyping();
    if (code === CLOSE_UNAUTHORIZED) {
      startOver('Your previous chat session has ended. This is a new conversation.');
    }
    setStatus(conn.everOnline ? 'reconnecting' : 'connecting');
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (conn.retryTimer) return;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** conn.attempt);
    const jittered = base * (1 - BACKOFF_JITTER + Math.random() * 2 * BACKOFF_JITTER);
    conn.attempt += 1;
    conn.retryTimer = setTimeout(() => {
      conn.retryTimer = 0;
      void connect();
    }, jittered);
  }

  /** Network back or tab visible again: skip the rest of the backoff wait. */
  function reconnectNow() {
    if (!conn.retryTimer) return;
    clearTimeout(conn.retryTimer);
    conn.retryTimer = 0;
    void connect();
  }

  window.addEventListener('online', reconnectNow);
  document.addEventListener(
    'visibilitychange',
    () => document.visibilityState === 'visible' && reconnectNow(),
  );

  // ---------------------------------------------------------------------------------------------
  // Open / close and the public API.

  function isOpen() {
    return !ui.panel.hidden;
  }

  function open(options) {
    if (!isOpen()) {
      ui.panel.hidden = false;
      ui.container.classList.add('swb-root--open');
      ui.launcher.setAttribute('aria-expanded', 'true');
      ui.launcher.setAttribute('aria-label', 'Close chat');
      setUnread(0);
      scrollToBottom();
      state.open = true;
      saveState();
    }
    // Not on the automatic open at page load: that would steal focus (and pop a phone's keyboard).
    if (options?.focus !== false) ui.input.focus({ preventScroll: true });
    ensureConnected();
  }

  function close() {
    if (!isOpen()) return;
    const hadFocus = ui.host.shadowRoot.activeElement !== null;
    ui.panel.hidden = true;
    ui.container.classList.remove('swb-root--open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    setUnread(unread);
    state.open = false;
    saveState();
    if (hadFocus) ui.launcher.focus();
  }

  window.SwitchboardWebChat = Object.freeze({
    /** Opens the chat panel (and connects). */
    open: () => open(),
    /** Closes the chat panel; the conversation stays connected. */
    close: () => close(),
    /** Opens the panel and sends `text` as the customer; false when it is empty or too long. */
    send(text) {
      open();
      return sendText(text);
    },
  });

  // Host pages open the chat from their own links without any script (CSP-friendly):
  // <a href="#chat" data-switchboard-open>Chat with us</a>
  document.addEventListener('click', (event) => {
    const trigger = event.target instanceof Element && event.target.closest('[data-switchboard-open]');
    if (!trigger) return;
    event.preventDefault();
    open();
  });

  setStatus('connecting');
  if (state.open ?? config.open) open({ focus: false });
  // An ongoing conversation stays connected while closed, so replies from an agent show as unread.
  else if (state.token) ensureConnected();
})();
