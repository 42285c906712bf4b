/*
 * Switchboard web chat widget. Embed with one tag:
 *   <script src="https://support.example.com/widget.js" data-title="Help" async></script>
 * Options (data-* on the tag): data-api (API origin; default: where this file came from),
 * data-title, data-open ("true" to start open).
 * Signed-in shoppers: the store's site passes the identity token it signed (see README,
 * "Signed-in shoppers") with SwitchboardWidget.identify(token), or sets
 * window.SwitchboardConfig = { identityToken } before this script loads.
 *
 * Its words (buttons, labels, notices) come from the server's locale packs (GET /api/chat/ui-text):
 * first in the browser's language, then in the conversation's, which every reply names.
 *
 * Everything renders inside a shadow root with constructed stylesheets, so the host
 * page's CSS can't break it and a strict CSP (no inline styles) doesn't either. Text
 * from the server is only ever assigned with textContent: never parsed as HTML.
 */
(() => {
  'use strict';
  if (window.SwitchboardWidget) return;

  const script = document.currentScript;
  const scriptUrl = new URL(script ? script.src : '/widget.js', location.href);
  const api = (script && script.dataset.api) || scriptUrl.origin;
  // The site's own title, if it gave one; otherwise the locale pack's, in the customer's language.
  const fixedTitle = (script && script.dataset.title) || null;
  const storageKey = `switchboard:${api}`;
  const parserModule = import(new URL('/vendor/eventsource-parser.js', scriptUrl).href);

  const css = `
    :host { all: initial; }
    * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;
      padding: 12px 18px; background: #1d4ed8; color: #fff; font-size: 15px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .launcher[hidden] { display: none; }
    .launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .panel { position: fixed; right: 20px; bottom: 80px; z-index: 2147483000; width: min(380px, calc(100vw - 40px));
      height: min(560px, calc(100vh - 120px)); display: flex; flex-direction: column; background: #fff; color: #111827;
      border-radius: 14px; box-shadow: 0 10px 30px rgba(0,0,0,.3); overflow: hidden; }
    .panel[hidden] { display: none; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: #1d4ed8; color: #fff; }
    header h2 { margin: 0; font-size: 16px; font-weight: 600; }
    header button { background: transparent; border: 0; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; padding: 4px 8px; }
    .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f9fafb; }
    .msg { max-width: 85%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; line-height: 1.4; }
    .msg.customer { align-self: flex-end; background: #1d4ed8; color: #fff; border-bottom-right-radius: 3px; }
    .msg.bot, .msg.agent { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; border-bottom-left-radius: 3px; }
    .msg.agent { border-color: #059669; }
    .msg.system { align-self: center; background: transparent; color: #4b5563; font-size: 12px; font-style: italic; }
    .msg.pending { color: #6b7280; }
    .who { display: block; font-size: 11px; font-weight: 600; color: #059669; margin-bottom: 2px; }
    .status { padding: 4px 14px; font-size: 12px; background: #ecfdf5; color: #065f46; border-bottom: 1px solid #a7f3d0; }
    .status[hidden] { display: none; }
    .human { margin-top: 8px; border: 1px solid #059669; border-radius: 8px; padding: 5px 10px; font-size: 13px; cursor: pointer; background: #fff; color: #065f46; }
    .human:disabled { opacity: .5; cursor: default; }
    .cards { margin: 6px 0 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: 4px; }
    .cards li { font-size: 13px; padding: 5px 8px; border-radius: 8px; background: #eff6ff; }
    .error { color: #b91c1c; font-size: 12px; padding: 4px 12px; }
    form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
    textarea { flex: 1; resize: none; height: 42px; padding: 10px; border: 1px solid #d1d5db; border-radius: 8px; font-size: 14px; }
    .send { border: 0; border-radius: 8px; background: #1d4ed8; color: #fff; padding: 0 14px; font-size: 14px; cursor: pointer; }
    .send:disabled { background: #93c5fd; cursor: default; }
    .proposal { display: flex; gap: 6px; margin-top: 8px; }
    .proposal button { border: 1px solid #1d4ed8; border-radius: 8px; padding: 5px 10px; font-size: 13px; cursor: pointer; background: #fff; color: #1d4ed8; }
    .proposal button.yes { background: #1d4ed8; color: #fff; }
    .proposal button:disabled { opacity: .5; cursor: default; }
    .rating { align-self: center; display: flex; align-items: center; gap: 6px; font-size: 12px; color: #4b5563; padding: 2px 0; }
    .rating button { border: 1px solid #d1d5db; background: #fff; border-radius: 999px; padding: 2px 10px; font-size: 14px; cursor: pointer; }
    .rating button[aria-pressed="true"] { border-color: #1d4ed8; background: #dbeafe; font-weight: 600; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `;

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const host = el('div', { id: 'switchboard-widget' });
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];

  /*
   * The words on screen, each bound to a key of the locale pack's `ui` section (with its
   * placeholders' values), so a change of language re-renders every one of them in place.
   */
  let ui = null;
  let language = null;
  // The store's currency (ISO 4217), as the server tells it (ui-text and every reply): prices are
  // formatted from it in the conversation's language, so no currency symbol is written here.
  let currency = null;
  const bound = new Set();
  function t(key, vars = {}) {
    const template = (ui && Object.hasOwn(ui, key) && ui[key]) || '';
    return template.replace(/\{([a-z_]{1,30})\}/g, (whole, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
  }
  function render(entry) {
    const text = entry.format ? entry.format() : t(entry.key, entry.vars);
    if (entry.attr) entry.node.setAttribute(entry.attr, text);
    else entry.node.textContent = text;
  }
  /** Shows `key` on `node` (its text, or the attribute `attr`) now and after every change of language. */
  function bind(node, key, vars, attr) {
    unbind(node, attr);
    const entry = { node, key, vars: vars || {}, attr: attr || null };
    bound.add(entry);
    render(entry);
    return node;
  }
  /** Shows what `format` makes (a price, a number) on `node`, again after every change of language. */
  function bindFormat(node, format) {
    unbind(node);
    const entry = { node, key: null, vars: {}, attr: null, format };
    bound.add(entry);
    render(entry);
    return node;
  }
  /** An amount in the store's currency, in the conversation's language (the symbol and its place come from Intl). */
  function money(amount) {
    const n = Number(amount);
    if (!Number.isFinite(n)) return '';
    const tags = language ? [language, undefined] : [undefined];
    for (const tag of tags) {
      try {
        return currency
          ? new Intl.NumberFormat(tag, { style: 'currency', currency }).format(n)
          : new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
      } catch {
        /* a tag or currency code Intl does not know: the next, else the bare number below */
      }
    }
    return n.toFixed(2);
  }
  function unbind(node, attr) {
    for (const e of bound) if (e.node === node && e.attr === (attr || null)) bound.delete(e);
  }

  const launcher = bind(el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'sb-panel', hidden: '' }), 'launcher');
  const panel = el('section', { class: 'panel', id: 'sb-panel', role: 'dialog', hidden: '' });
  const header = el('header');
  const heading = el('h2');
  if (fixedTitle) {
    heading.textContent = fixedTitle;
    panel.setAttribute('aria-label', fixedTitle);
  } else {
    bind(heading, 'title');
    bind(panel, 'title', null, 'aria-label');
  }
  header.append(heading);
  const close = bind(el('button', { type: 'button' }, '×'), 'close', null, 'aria-label');
  header.append(close);
  // Who from the support team is in the chat (their display name, never a login name).
  const status = el('div', { class: 'status', role: 'status', hidden: '' });
  const log = bind(el('div', { class: 'log', role: 'log', 'aria-live': 'polite' }), 'conversation_label', null, 'aria-label');
  const errorLine = el('div', { class: 'error', role: 'alert' });
  const form = el('form');
  const label = bind(el('label', { for: 'sb-input', class: 'sr-only' }), 'input_label');
  const input = bind(el('textarea', { id: 'sb-input', name: 'message', maxlength: '2000', rows: '1' }), 'placeholder', null, 'placeholder');
  const send = bind(el('button', { type: 'submit', class: 'send' }), 'send');
  form.append(label, input, send);
  panel.append(header, status, log, errorLine, form);
  root.append(launcher, panel);

  let session = null;
  let busy = false;
  let eventsAbort = null;
  const shown = new Set();

  /**
   * Who a conversation belongs to, as the store's site says: the customer id (`sub`) of the identity
   * token it passed, or null for a guest. Read without verifying (the server verifies every token):
   * it only decides whether a stored conversation may be shown on this page. One browser can serve
   * two people (a family computer, a kiosk): a conversation started for one shopper is never shown
   * to, nor continued by, a guest or another shopper after them.
   */
  function shopperOf(token) {
    if (!token) return null;
    try {
      const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const claims = JSON.parse(atob(part));
      return typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
    } catch {
      return null;
    }
  }

  /**
   * A signed-in shopper's stored conversation on a page that has not said who is here yet: a site
   * may pass its token through identify() once it has fetched one, after the widget loaded. Kept
   * unshown until then; shown if it names the same shopper, dropped if anyone else (or a guest
   * who starts chatting) is here.
   */
  let heldSession = null;

  function loadSession() {
    try {
      const s = JSON.parse(localStorage.getItem(storageKey) || 'null');
      if (s && s.shopper && !identityToken && s.conversationId && s.token && Date.parse(s.expiresAt) > Date.now() + 60_000) {
        heldSession = s;
        return null;
      }
      const mine = s && (s.shopper || null) === shopperOf(identityToken);
      // Someone else's: its token leaves this browser, so nobody here can read it back either.
      if (s && !mine) localStorage.removeItem(storageKey);
      if (mine && s.conversationId && s.token && Date.parse(s.expiresAt) > Date.now() + 60_000) return s;
    } catch {
      /* storage disabled or corrupt: start fresh */
    }
    return null;
  }

  function saveSession(s) {
    try {
      localStorage.setItem(storageKey, JSON.stringify(s));
    } catch {
      /* private mode: the session lives only in memory */
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(role, text, opts = {}) {
    if (opts.id) {
      if (shown.has(opts.id)) return null;
      shown.add(opts.id);
    }
    const bubble = el('div', { class: `msg ${role}` });
    if (opts.id) bubble.dataset.id = opts.id;
    if (role === 'agent') bubble.append(bind(el('span', { class: 'who' }), opts.from ? 'agent_label' : 'agent_label_anonymous', { name: opts.from }));
    const body = el('span', { class: 'text' }, text);
    bubble.append(body);
    if (opts.products) addCards(bubble, opts.products);
    log.append(bubble);
    scrollDown();
    return bubble;
  }

  /**
   * "Was this helpful?" with thumbs up and down, kept at the end of the conversation once the
   * bot or an agent has answered; the customer can change their mind (the last choice counts).
   */
  let rating = null;
  function showRating() {
    if (!session) return;
    if (!rating) {
      rating = bind(el('div', { class: 'rating', role: 'group' }), 'rating_label', null, 'aria-label');
      const label = bind(el('span', { class: 'rating-label' }), 'rating_question');
      const up = bind(el('button', { type: 'button', 'data-rating': 'up', 'aria-pressed': 'false' }), 'rating_yes');
      bind(up, 'rating_yes_label', null, 'aria-label');
      const down = bind(el('button', { type: 'button', 'data-rating': 'down', 'aria-pressed': 'false' }), 'rating_no');
      bind(down, 'rating_no_label', null, 'aria-label');
      rating.append(label, up, down);
      for (const button of [up, down]) button.addEventListener('click', () => rate(button.dataset.rating, label));
    }
    log.append(rating);
    scrollDown();
  }

  async function rate(value, label) {
    try {
      await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/rating`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ rating: value }),
      });
      for (const b of rating.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.rating === value));
      bind(label, 'rating_thanks');
    } catch (err) {
      showError(err, 'rating_failed');
    }
  }

  // Whether a reply was written with or without the AI model is for agents (the panel shows it), not for shoppers.

  /**
   * A "talk to a person" button under a reply that offers one (a structured flag in the reply,
   * never read from its text). Pressing it asks for a person as a message the server knows was a
   * press, so it never depends on the words.
   */
  const humanButtons = new Set();
  function addHumanOffer(bubble, attachments) {
    if (!attachments || !attachments.offerHuman || attachments.handoff) return;
    const button = bind(el('button', { type: 'button', class: 'human' }), 'talk_to_person');
    button.addEventListener('click', () => {
      if (busy) return;
      for (const b of humanButtons) b.disabled = true;
      humanButtons.clear();
      sendMessage(t('talk_to_person_message'), { requestsHuman: true });
    });
    humanButtons.add(button);
    bubble.append(button);
  }

  /** An agent joined or left: the header line says who is in the chat. */
  function showAgent(data) {
    if (data.event === 'agent_joined') {
      bind(status, data.from ? 'chatting_with' : 'chatting_with_team', { name: data.from });
      status.hidden = false;
    } else if (data.event === 'agent_left') {
      unbind(status);
      status.textContent = '';
      status.hidden = true;
    }
  }

  // Confirm and decline buttons for a change the bot proposed (a return, a claim, a cancellation).
  // Nothing happens until the customer presses one (or answers yes/no in words).
  const openProposals = new Set();
  function addProposal(bubble, proposal) {
    if (!proposal || !proposal.id) return;
    const row = bind(el('div', { class: 'proposal', role: 'group' }), 'proposal_label', null, 'aria-label');
    const yes = bind(el('button', { type: 'button', class: 'yes' }), 'proposal_yes');
    const no = bind(el('button', { type: 'button', class: 'no' }), 'proposal_no');
    const settle = () => {
      yes.disabled = true;
      no.disabled = true;
      openProposals.delete(row);
    };
    const decide = async (decision) => {
      settle();
      try {
        const res = await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/proposals/${encodeURIComponent(proposal.id)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ decision }),
        });
        const data = await res.json();
        speak(data.language);
        if (data.reply) addMessage('bot', data.reply.text, { id: data.reply.messageId });
      } catch (err) {
        if (err.status === 409) bind(errorLine, 'proposal_closed');
        else showError(err);
      }
    };
    yes.addEventListener('click', () => decide('confirm'));
    no.addEventListener('click', () => decide('decline'));
    row.append(yes, no);
    openProposals.add(row);
    row.settle = settle;
    bubble.append(row);
  }

  function addCards(bubble, products) {
    if (!Array.isArray(products) || products.length === 0) return;
    const list = bind(el('ul', { class: 'cards' }), 'products_label', null, 'aria-label');
    for (const p of products) list.append(bindFormat(el('li'), () => `${p.name} · ${money(p.price)} (${p.sku})`));
    bubble.append(list);
  }

  async function request(path, init = {}) {
    const headers = { Accept: 'application/json', ...(init.headers || {}) };
    if (session) headers.Authorization = `Bearer ${session.token}`;
    const res = await fetch(`${api}${path}`, { ...init, headers });
    if (!res.ok && !(res.headers.get('content-type') || '').includes('text/event-stream')) {
      let error = null;
      try {
        const body = await res.json();
        if (body && body.error && typeof body.error === 'object') error = body.error;
      } catch {
        /* not JSON */
      }
      throw requestError(res.status, error);
    }
    return res;
  }

  /**
   * A server error as the shopper reads it: the server's stable code picks the `ui` text
   * `error_<code>` (in the conversation's language), filled from the error's details; a code
   * without one says the request failed, with its status. The server's own `message` is English
   * for developers: it goes to the console, never on screen.
   */
  function requestError(status, error) {
    const code = error && typeof error.code === 'string' && /^[a-z_]{1,40}$/.test(error.code) ? error.code : null;
    const vars = { status };
    const details = error && error.details && typeof error.details === 'object' ? error.details : {};
    for (const [k, v] of Object.entries(details)) if (typeof v === 'number' || typeof v === 'string') vars[k] = v;
    const key = code && ui && Object.hasOwn(ui, `error_${code}`) ? `error_${code}` : status >= 500 ? 'error_generic' : 'request_failed';
    const err = new Error(t(key, vars) || (error && error.message) || `HTTP ${status}`);
    err.status = status;
    err.code = code;
    err.key = key;
    err.vars = vars;
    if (error && typeof error.message === 'string') err.serverMessage = error.message;
    return err;
  }

  /** Shows an error on the error line, in the widget's language (again after a change of language). */
  function showError(err, fallbackKey) {
    if (err && err.key) bind(errorLine, err.key, err.vars);
    else bind(errorLine, fallbackKey || 'error_generic');
  }
  function clearError() {
    unbind(errorLine);
    errorLine.textContent = '';
  }

  let identityToken = (window.SwitchboardConfig && window.SwitchboardConfig.identityToken) || null;

  async function ensureSession() {
    if (session) return session;
    const create = (body) => request('/api/chat/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // Whom the site says this page is for, whether or not the server accepts its token.
    const shopper = shopperOf(identityToken);
    let res;
    try {
      res = await create(identityToken ? { identityToken } : {});
    } catch (err) {
      // A token the server refuses (expired, forged, not configured): carry on as a guest.
      if (!identityToken || !err.status || err.status >= 500) throw err;
      console.warn(`Switchboard: identity token refused (${err.serverMessage || err.message}); continuing as a guest`);
      identityToken = null;
      res = await create({});
    }
    // `bound`: the server took this shopper's token for the conversation (not so when it refused it).
    session = { ...(await res.json()), shopper, bound: shopper !== null && identityToken !== null };
    // A guest chatting here: a held shopper's conversation is not theirs (saving replaces it).
    heldSession = null;
    saveSession(session);
    listen();
    return session;
  }

  async function readSse(res, onEvent) {
    const { createParser } = await parserModule;
    const parser = createParser({
      onEvent(ev) {
        let data = null;
        try {
          data = JSON.parse(ev.data);
        } catch {
          return;
        }
        onEvent(ev.event || 'message', data);
      },
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  }

  /** Agent replies, approved drafts and join/leave notices arrive here, from any server process. */
  async function listen() {
    if (!session || eventsAbort) return;
    eventsAbort = new AbortController();
    let delay = 1000;
    while (session && !eventsAbort.signal.aborted) {
      try {
        const res = await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/events`, {
          headers: { Accept: 'text/event-stream' },
          signal: eventsAbort.signal,
        });
        delay = 1000;
        await readSse(res, (event, data) => {
          // The conversation was erased, or its token expired: the server ends the stream; start afresh next time.
          if (event === 'erased' || event === 'expired') {
            resetSession();
            return;
          }
          if (event !== 'message') return;
          const role = data.kind === 'agent' ? 'agent' : data.kind === 'system' ? 'system' : 'bot';
          if (role === 'system') showAgent(data);
          const added = addMessage(role, data.text, { id: data.id, from: data.from, products: data.attachments && data.attachments.products });
          if (added && role === 'bot') addHumanOffer(added, data.attachments);
          if (added && role !== 'system') showRating();
        });
      } catch (err) {
        if (eventsAbort.signal.aborted) return;
        if (err.status === 401 || err.status === 404) {
          resetSession();
          return;
        }
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  function resetSession() {
    session = null;
    if (rating) rating.remove();
    rating = null;
    if (eventsAbort) eventsAbort.abort();
    eventsAbort = null;
    try {
      localStorage.removeItem(storageKey);
    } catch {
      /* ignore */
    }
  }

  async function restoreHistory() {
    session = loadSession();
    if (!session) return;
    try {
      const res = await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/messages`);
      const body = await res.json();
      speak(body.language);
      for (const m of body.messages) addMessage(m.role, m.text, { id: m.id, from: m.from });
      // An agent owns the conversation: the same header line their joining showed before the reload.
      if (body.agent) showAgent({ event: 'agent_joined', from: body.agent.from });
      listen();
      // This shopper's conversation that the server has not bound to them yet (their token was
      // refused when it started): this page's token binds it.
      // (bound before: the fresh token renews the binding, which ends with the token it was made with).
      if (session && session.shopper && identityToken) await identify(identityToken);
    } catch {
      resetSession();
    }
  }

  function newMessageId() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return `w${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  async function sendMessage(text, extra = {}) {
    // A new message lets any open proposal lapse (the server drops it too).
    for (const row of [...openProposals]) row.settle();
    busy = true;
    send.disabled = true;
    clearError();
    const id = newMessageId();
    addMessage('customer', text, { id });
    const bubble = addMessage('bot', '…', {});
    bubble.classList.add('pending');
    bubble.setAttribute('aria-busy', 'true');
    const body = bubble.querySelector('.text');
    let received = '';
    try {
      await ensureSession();
      // One retry with the same id after a network error: the server answers each id once.
      let res;
      for (let attempt = 0; ; attempt++) {
        try {
          res = await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/messages`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
            body: JSON.stringify({ text, id, ...extra }),
          });
          break;
        } catch (err) {
          if (attempt >= 1) throw err;
          if (err.status === 401 || err.status === 404) {
            // Token expired or conversation erased: start a new conversation and resend.
            resetSession();
            await ensureSession();
          } else if (err.status) {
            throw err;
          }
        }
      }
      await readSse(res, (event, data) => {
        if (event === 'delta') {
          received += data.text;
          body.textContent = received;
          bubble.classList.remove('pending');
          scrollDown();
        } else if (event === 'reset') {
          received = '';
          body.textContent = '…';
          bubble.classList.add('pending');
        } else if (event === 'done') {
          learnCurrency(data.currency);
          speak(data.language);
          if (data.reply) {
            body.textContent = data.reply.text;
            if (data.reply.messageId) {
              bubble.dataset.id = data.reply.messageId;
              shown.add(data.reply.messageId);
            }
            if (data.reply.attachments) {
              addCards(bubble, data.reply.attachments.products);
              addProposal(bubble, data.reply.attachments.proposal);
              addHumanOffer(bubble, data.reply.attachments);
            }
            bubble.classList.remove('pending');
            showRating();
          } else if (data.status === 'draft' || data.status === 'human') {
            // No promise of when: whether anyone can answer now is the server's to say.
            bind(body, 'passed_to_team');
            bubble.className = 'msg system';
          } else {
            bubble.remove();
          }
        } else if (event === 'error') {
          throw requestError(data.status, data);
        }
      });
    } catch (err) {
      if (!received) bubble.remove();
      showError(err);
    } finally {
      bubble.removeAttribute('aria-busy');
      busy = false;
      send.disabled = false;
      input.focus();
    }
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    if (!log.childElementCount) bind(addMessage('system', '').querySelector('.text'), 'greeting');
    input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : closePanel()));
  close.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closePanel();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    sendMessage(text);
  });

  /*
   * The words in a language (a browser tag such as "es-MX", or a pack's code from the server);
   * the last asked for wins. The server answers its default language's words for a language it
   * has no pack for, and says which it answered.
   */
  let asked = 0;
  async function loadText(tag) {
    const ticket = ++asked;
    const res = await request(tag ? `/api/chat/ui-text?lang=${encodeURIComponent(tag)}` : '/api/chat/ui-text');
    const body = await res.json();
    if (ticket !== asked) return;
    ui = body.ui;
    language = body.language;
    learnCurrency(body.currency);
    panel.setAttribute('lang', language);
    for (const e of bound) {
      // A bubble that left the conversation (erased, replaced) needs its words no more.
      if (host.isConnected && !e.node.isConnected && e.node !== launcher && e.node !== panel) bound.delete(e);
      else render(e);
    }
    launcher.hidden = false;
  }

  /** The store's currency code as the server last told it (absent: keep the one known). */
  function learnCurrency(code) {
    if (typeof code === 'string' && /^[A-Za-z]{3}$/.test(code)) currency = code.toUpperCase();
  }

  /** The conversation's language as the server last told it (null: it could not tell; keep ours). */
  function speak(tag) {
    if (typeof tag === 'string' && tag && tag !== language) loadText(tag).catch(() => {});
  }

  /** The browser's language until the customer writes; retried, since the launcher waits for its words. */
  async function firstText() {
    let tag = navigator.language || '';
    for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
      try {
        await loadText(tag);
        return;
      } catch (err) {
        if (ui) return;
        // A tag the server cannot read: its default language, then.
        if (err.status === 400) tag = '';
        else await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  function mount() {
    document.body.append(host);
    firstText();
    restoreHistory();
    if (script && script.dataset.open === 'true') open();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  /** The store's site passes a signed-in shopper's identity token (a fresh one per page load). */
  /**
   * The store's site says who is signed in now: a token, or null when the shopper signed out.
   * A guest's conversation is bound to the shopper who signs in (the server binds at most one);
   * a signed-in shopper's conversation ends for anyone else, and for a sign-out.
   */
  async function identify(token) {
    identityToken = token || null;
    if (heldSession && !session) {
      const held = heldSession;
      heldSession = null;
      // The shopper the stored conversation was started for: shown now, as a page with the token at load shows it.
      if (held.shopper === shopperOf(identityToken)) {
        await restoreHistory();
        return;
      }
      try {
        localStorage.removeItem(storageKey);
      } catch {
        /* storage disabled */
      }
    }
    if (!session) return;
    const shopper = shopperOf(identityToken);
    const same = (session.shopper || null) === shopper;
    // A guest still a guest. This shopper's conversation already bound to them is bound again with
    // this page's token: the server's binding lasts only as long as the token it was made with.
    if (same && shopper === null) return;
    // Another shopper's conversation, or a sign-out: it ends here.
    if (!same && (session.shopper || !identityToken)) {
      startOver();
      return;
    }
    // A guest's conversation for the shopper who signed in, or this shopper's whose first token the
    // server refused (expired): bound now. Binding the same customer again changes nothing.
    let bound = false;
    try {
      await request(`/api/chat/conversations/${encodeURIComponent(session.conversationId)}/identity`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identityToken }),
      });
      bound = true;
    } catch (err) {
      console.warn(`Switchboard: identity token refused (${err.serverMessage || err.message}); continuing as a guest`);
      // Already someone else's (verified by order and e-mail): not this shopper's conversation.
      if (err.status === 409) {
        startOver();
        return;
      }
    }
    if (session) {
      session = { ...session, shopper, bound };
      saveSession(session);
    }
  }

  /** Leaves the conversation on screen and in storage (it stays on the server); the next message starts a new one. */
  function startOver() {
    resetSession();
    for (const row of [...openProposals]) row.settle();
    while (log.firstChild) log.firstChild.remove();
    shown.clear();
    showAgent({ event: 'agent_left' });
    if (!panel.hidden) open();
  }

  window.SwitchboardWidget = { open, close: closePanel, identify };
})();
