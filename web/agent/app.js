import { api, liveEvents, loadSession } from './api.js';
import { $, clear, el } from './dom.js';
import { CHANNEL_LABEL, FLAG_LABEL, ago, customerName } from './format.js';
import { createView } from './view.js';

const state = {
  me: null,
  skills: [],
  conversations: new Map(),
  queue: [],
  filters: { q: '', skill: '', channel: '', mode: '', flag: '' },
};

const toastBox = $('#toast');
let toastTimer = null;
toastBox.addEventListener('click', () => {
  toastBox.hidden = true;
});
function toast(message, kind = 'error') {
  toastBox.textContent = message;
  toastBox.className = `toast ${kind}`;
  toastBox.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toastBox.hidden = true;
  }, 5000);
}

const view = createView($('#view'), {
  api,
  toast,
  me: () => state.me,
  skills: () => state.skills,
});

// ---- list

function passesFilters(c) {
  const f = state.filters;
  if (f.skill && c.activeSkill !== f.skill) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.mode && c.mode !== f.mode) return false;
  if (f.flag && !c.flags.includes(f.flag)) return false;
  return true;
}

function textMatches(c) {
  const q = state.filters.q.trim().toLowerCase();
  if (!q) return true;
  return [c.id, c.customer.name || '', c.agent || '', (c.lastMessage && c.lastMessage.text) || ''].join('\n').toLowerCase().includes(q);
}

function chip(text, kind) {
  return el('span', { class: `chip ${kind || ''}` }, text);
}

function waitingLabel(c, now) {
  if (c.waitingSince) return `waiting ${ago(now - c.waitingSince)}`;
  if (c.lastMessage && c.lastMessage.role === 'customer') return `customer waiting ${ago(now - c.lastMessage.at)}`;
  return c.lastMessage ? `${ago(now - c.lastMessage.at)} ago` : 'new';
}

function listItem(c, now) {
  const open = view.currentId() === c.id;
  const last = c.lastMessage;
  return el(
    'li',
    { class: `conversation ${open ? 'open' : ''} mode-${c.mode}`, dataset: { id: c.id } },
    el(
      'button',
      { type: 'button', class: 'conversation-button', 'aria-current': open ? 'true' : undefined, onclick: () => openConversation(c.id) },
      el(
        'span',
        { class: 'row' },
        el('strong', { class: 'customer' }, customerName(c)),
        chip(CHANNEL_LABEL[c.channel] || c.channel, 'channel'),
        chip(c.mode === 'human' && c.agent ? `human · ${c.agent}` : c.mode, `mode ${c.mode}`),
        c.activeSkill ? chip(c.activeSkill, 'skill') : null,
      ),
      el('span', { class: 'last' }, last ? `${last.role === 'customer' ? '' : `${last.role}: `}${last.text}` : '(no messages yet)'),
      el(
        'span',
        { class: 'row small' },
        el('span', { class: 'waiting', dataset: { since: String(c.waitingSince || (last && last.role === 'customer' ? last.at : '') || '') } }, waitingLabel(c, now)),
        ...c.flags.map((f) => chip(FLAG_LABEL[f] || f, `flag ${f}`)),
      ),
    ),
  );
}

let renderQueued = false;
function renderList() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const list = $('#conversations');
    const now = Date.now();
    const items = [...state.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    clear(list);
    for (const c of items) list.append(listItem(c, now));
    $('#list-count').textContent = String(items.length);
    $('#list-empty').hidden = items.length > 0;
  });
}

function upsert(summary) {
  const known = state.conversations.has(summary.id);
  if (!passesFilters(summary) || (!known && !textMatches(summary))) {
    if (known) state.conversations.delete(summary.id);
  } else {
    state.conversations.set(summary.id, summary);
  }
  renderList();
  view.updateConversation(summary);
}

function removeConversation(id) {
  state.conversations.delete(id);
  state.queue = state.queue.filter((q) => q.conversation.id !== id);
  renderList();
  renderQueue();
}

async function reloadList() {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) params.set(k, v);
  try {
    const body = await api('GET', `/conversations?${params}`);
    state.conversations = new Map(body.conversations.map((c) => [c.id, c]));
    renderList();
  } catch (err) {
    toast(err.message);
  }
}

// ---- queue

function renderQueue() {
  const list = $('#queue');
  const now = Date.now();
  clear(list);
  for (const entry of state.queue) {
    const c = entry.conversation;
    list.append(
      el(
        'li',
        { class: 'queue-item', dataset: { id: c.id } },
        el(
          'span',
          { class: 'queue-text' },
          el('strong', {}, customerName(c)),
          ' ',
          chip(CHANNEL_LABEL[c.channel] || c.channel, 'channel'),
          el('span', { class: 'waiting', dataset: { since: String(entry.waitingSince) } }, `waiting ${ago(now - entry.waitingSince)}`),
          el('span', { class: 'last' }, c.lastMessage ? c.lastMessage.text : ''),
        ),
        el('button', { type: 'button', class: 'claim', onclick: () => claim(c.id) }, 'Claim'),
      ),
    );
  }
  $('#queue-count').textContent = String(state.queue.length);
  $('#queue-empty').hidden = state.queue.length > 0;
}

async function reloadQueue() {
  try {
    state.queue = (await api('GET', '/queue')).queue;
    renderQueue();
  } catch (err) {
    toast(err.message);
  }
}

let queueTimer = null;
function reloadQueueSoon() {
  clearTimeout(queueTimer);
  queueTimer = setTimeout(reloadQueue, 250);
}

async function claim(id) {
  try {
    await api('POST', `/queue/${encodeURIComponent(id)}/claim`, {});
    toast('Claimed: you own this conversation now.', 'ok');
    await reloadQueue();
    openConversation(id);
  } catch (err) {
    toast(err.message);
    reloadQueue();
  }
}

// ---- warranty claims and returns the bot recorded

function recordItem(kind, r) {
  return el(
    'li',
    { class: `record ${kind}` },
    el('span', { class: 'what' }, `${kind === 'claim' ? 'Warranty claim' : 'Return'} ${r.id}`),
    chip(`order ${r.orderId}`, 'order'),
    chip(r.sku, 'sku'),
    chip(r.status, `status ${r.status}`),
    el('span', { class: 'when' }, new Date(r.createdAt).toLocaleString()),
    r.sourceConversation ? el('a', { href: `#${r.sourceConversation}`, onclick: () => openConversation(r.sourceConversation) }, 'conversation') : null,
    el('span', { class: 'detail' }, kind === 'claim' ? r.issue : r.reason),
  );
}

async function reloadRecords() {
  try {
    const body = await api('GET', '/records');
    const items = [...body.warrantyClaims.map((r) => ['claim', r]), ...body.returns.map((r) => ['return', r])].sort((a, b) => b[1].createdAt.localeCompare(a[1].createdAt));
    const list = $('#records');
    clear(list);
    for (const [kind, r] of items) list.append(recordItem(kind, r));
    $('#records-count').textContent = String(items.length);
    $('#records-empty').hidden = items.length > 0;
  } catch (err) {
    toast(err.message);
  }
}
$('#records-refresh').addEventListener('click', reloadRecords);

// ---- conversation view

function openConversation(id) {
  if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
  view.open(id).then(renderList);
}

// ---- live feed

const fetchingUnknown = new Set();
async function fetchUnknown(id) {
  if (fetchingUnknown.has(id)) return;
  fetchingUnknown.add(id);
  try {
    const body = await api('GET', `/conversations/${encodeURIComponent(id)}`);
    if (!state.conversations.has(id)) upsert(body.conversation);
  } catch {
    /* erased meanwhile */
  } finally {
    fetchingUnknown.delete(id);
  }
}

function startLive() {
  const live = $('#live');
  liveEvents(
    {
      ready: () => {
        reloadList();
        reloadQueue();
        reloadRecords();
      },
      conversation: (summary) => {
        upsert(summary);
        reloadQueueSoon();
      },
      message: ({ conversationId, message }) => {
        view.addMessage(conversationId, message);
        if (!state.conversations.has(conversationId)) fetchUnknown(conversationId);
      },
      message_updated: ({ conversationId, message }) => view.replaceMessage(conversationId, message),
      deleted: ({ conversationId }) => {
        removeConversation(conversationId);
        view.erased(conversationId);
      },
      signed_out: () => location.assign('/agent/login'),
    },
    (text) => {
      live.textContent = text;
      live.className = `live ${text === 'live' ? 'on' : 'off'}`;
    },
  );
}

// ---- filters, timers, start

let searchTimer = null;
$('#filters').addEventListener('input', (e) => {
  const target = e.target;
  state.filters[target.name] = target.value;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(reloadList, target.name === 'q' ? 250 : 0);
});
$('#filters').addEventListener('submit', (e) => e.preventDefault());

$('#sign-out').addEventListener('click', async () => {
  try {
    await api('POST', '/logout');
  } finally {
    location.assign('/agent/login');
  }
});

// Waiting times tick without re-rendering everything.
setInterval(() => {
  const now = Date.now();
  for (const node of document.querySelectorAll('.waiting[data-since]')) {
    const since = Number(node.dataset.since);
    if (!since) continue;
    const prefix = node.textContent.startsWith('customer') ? 'customer waiting' : node.textContent.startsWith('waiting') ? 'waiting' : null;
    if (prefix) node.textContent = `${prefix} ${ago(now - since)}`;
  }
}, 1000);

async function start() {
  const session = await loadSession();
  state.me = session.agent;
  $('#me').textContent = `Signed in as ${session.agent}`;
  try {
    state.skills = (await api('GET', '/skills')).skills;
  } catch (err) {
    toast(err.message);
  }
  const skillSelect = $('#f-skill');
  for (const s of state.skills) skillSelect.append(el('option', { value: s.id }, s.id));
  startLive();
  const id = decodeURIComponent(location.hash.slice(1));
  if (id) openConversation(id);
}

start().catch((err) => toast(err.message));
