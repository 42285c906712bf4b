import { api, loadSession } from './api.js';
import { $, clear, el } from './dom.js';

/*
 * The Insights page: figures for a period from GET /api/agent/insights, topics and term shift
 * from GET /api/agent/insights/topics (grouped in the background: asked again until ready),
 * routing proposals. Charts are Chart.js line charts whose series differ by dash pattern and
 * point shape as well as colour, so they read without colour.
 */

const state = { me: null, role: 'agent', from: '', to: '', report: null, topics: null, charts: [] };

const STYLES = [
  { color: '#1d4ed8', dash: [], point: 'circle' },
  { color: '#b45309', dash: [8, 4], point: 'triangle' },
  { color: '#047857', dash: [2, 3], point: 'rect' },
  { color: '#7c3aed', dash: [12, 3, 2, 3], point: 'crossRot' },
  { color: '#b91c1c', dash: [4, 4], point: 'star' },
  { color: '#374151', dash: [1, 2], point: 'rectRot' },
];

const toastBox = $('#toast');
function toast(message, kind = 'error') {
  toastBox.textContent = message;
  toastBox.className = `toast ${kind}`;
  toastBox.hidden = false;
  setTimeout(() => (toastBox.hidden = true), 6000);
}

const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 }));
const usd = (v) => (v === null || v === undefined ? '–' : `$${v < 0.01 && v > 0 ? v.toFixed(5) : v.toFixed(4)}`);
const points = (v) => `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)} pts`;

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function shiftDay(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

// ---- period

function setPeriod(from, to, preset) {
  state.from = from;
  state.to = to;
  $('#from').value = from;
  $('#to').value = to;
  for (const b of document.querySelectorAll('.presets button')) b.setAttribute('aria-pressed', String(b.dataset.days === String(preset)));
  const query = `from=${from}&to=${to}`;
  $('#daily-csv').href = `/api/agent/insights/daily.csv?${query}`;
  $('#topics-csv').href = `/api/agent/insights/topics.csv?${query}`;
  history.replaceState(null, '', `?${query}`);
  load();
}

function presetPeriod(days) {
  const to = state.today;
  setPeriod(shiftDay(to, -(days - 1)), to, days);
}

for (const b of document.querySelectorAll('.presets button')) b.addEventListener('click', () => presetPeriod(Number(b.dataset.days)));
$('#period').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = $('#from').value;
  const to = $('#to').value;
  if (!from || !to || from > to) return toast('Choose a start date on or before the end date.');
  setPeriod(from, to, null);
});

// ---- figures

function totals(report) {
  const t = report.totals;
  const box = $('#totals');
  clear(box);
  const item = (label, value, note, role) => el('div', {}, el('dt', {}, label), el('dd', { dataset: { role } }, value, note ? el('small', {}, note) : null));
  box.append(
    item('Conversations', num(t.conversations), `${num(t.messages)} messages`, 'conversations'),
    item('Automated resolution', pct(t.resolutionRate), `${num(t.resolved)} of ${num(t.ended)} ended`, 'resolution-rate'),
    item('Hand-off rate', pct(t.handoffRate), Object.entries(t.handoffReasons).map(([r, n]) => `${r.replaceAll('_', ' ')} ${n}`).join(', ') || 'none', 'handoff-rate'),
    item('Guard-trigger rate', pct(t.guardRate), `${num(t.guard)} of ${num(t.replies)} replies`, 'guard-rate'),
    item('Customer rating', t.ratings.up + t.ratings.down ? `${pct(t.ratings.upShare)} up` : '–', `${t.ratings.up} up · ${t.ratings.down} down`, 'rating'),
    item('Tokens per resolved', num(t.tokensPerResolved), `${num(t.tokens)} tokens in all`, 'tokens-per-resolved'),
    item('Cost per resolved', usd(t.costPerResolved), `${usd(t.costUsd)} in all`, 'cost-per-resolved'),
    item('Unanswered messages', num(t.unanswered), 'see topics below', 'unanswered'),
  );
  const defs = $('#definitions');
  clear(defs);
  for (const [key, text] of Object.entries(report.definitions)) {
    const [name, ...rest] = text.split(': ');
    defs.append(el('dt', { dataset: { definition: key } }, name), el('dd', {}, rest.join(': ')));
  }
}

function lineChart(id, labels, series, opts = {}) {
  const canvas = document.getElementById(id);
  const chart = new window.Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s, i) => {
        const style = STYLES[i % STYLES.length];
        return {
          label: s.label,
          data: s.data,
          borderColor: style.color,
          backgroundColor: style.color,
          borderDash: style.dash,
          pointStyle: style.point,
          pointRadius: 4,
          borderWidth: 2,
          spanGaps: true,
          tension: 0,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { usePointStyle: true, boxWidth: 30 } } },
      scales: {
        x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
        y: opts.percent
          ? { min: 0, max: 1, ticks: { callback: (v) => `${Math.round(v * 100)}%` } }
          : { beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
  state.charts.push(chart);
}

function charts(report) {
  for (const c of state.charts.splice(0)) c.destroy();
  const s = report.series;
  const days = s.days.map((d) => d.slice(5));
  lineChart('chart-volume', days, [
    { label: 'conversations', data: s.conversations },
    { label: 'messages', data: s.messages },
  ]);
  lineChart(
    'chart-rates',
    days,
    [
      { label: 'automated resolution', data: s.resolutionRate },
      { label: 'hand-off', data: s.handoffRate },
      { label: 'guard trigger', data: s.guardRate },
    ],
    { percent: true },
  );
  lineChart(
    'chart-methods',
    days,
    Object.entries(s.methods)
      .filter(([, data]) => data.some((v) => v > 0))
      .map(([label, data]) => ({ label, data })),
  );
  lineChart('chart-skills', days, Object.entries(s.skills).map(([label, data]) => ({ label, data })));
}

function mix(methods, messages) {
  const parts = Object.entries(methods).map(([m, n]) => `${m} ${messages ? Math.round((n / messages) * 100) : 0}%`);
  return parts.join(' · ') || '–';
}

function skillsTable(report) {
  const table = $('#skills-table');
  clear(table);
  const head = ['Skill / variant', 'Conversations', 'Messages', 'Route methods', 'Hand-off rate', 'Hand-off reasons', 'Guard rate', 'Resolution', 'Rating up/down', 'Tokens / resolved', 'Cost / resolved'];
  table.append(el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  const row = (name, f, cls) =>
    el(
      'tr',
      { class: cls, dataset: { skill: name } },
      el('td', {}, name),
      el('td', {}, num(f.conversations)),
      el('td', {}, num(f.messages)),
      el('td', {}, mix(f.methods, f.messages)),
      el('td', {}, pct(f.handoffRate)),
      el('td', {}, Object.entries(f.handoffReasons).map(([r, n]) => `${r.replaceAll('_', ' ')} ${n}`).join(', ') || '–'),
      el('td', {}, pct(f.guardRate)),
      el('td', {}, `${pct(f.resolutionRate)} (${f.resolved}/${f.ended})`),
      el('td', {}, `${f.ratings.up}/${f.ratings.down}`),
      el('td', {}, num(f.tokensPerResolved)),
      el('td', {}, usd(f.costPerResolved)),
    );
  body.append(row('all skills', report.totals, 'total'));
  for (const s of report.skills) {
    if (!s.figures.messages && !s.figures.conversations) continue;
    body.append(row(s.skill, s.figures, 'skill'));
    for (const v of s.variants) body.append(row(`variant ${v.variant}`, v.figures, 'variant'));
  }
  table.append(body);
}

function shiftTable(report) {
  const table = $('#shift-table');
  clear(table);
  const skills = report.skills.map((s) => s.skill);
  const moved = new Set(report.shift.mostMoved);
  table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Week of'), el('th', { scope: 'col' }, 'Messages'), skills.map((s) => el('th', { scope: 'col' }, s)), el('th', { scope: 'col' }, 'Moved'))));
  const body = el('tbody');
  for (const w of report.shift.weeks) {
    body.append(
      el(
        'tr',
        { class: moved.has(w.week) ? 'moved-most' : '', dataset: { week: w.week } },
        el('td', {}, moved.has(w.week) ? `★ ${w.week} (moved most)` : w.week),
        el('td', {}, num(w.messages)),
        skills.map((s) => {
          const change = w.change ? w.change[s] : undefined;
          return el(
            'td',
            {},
            pct(w.share[s]),
            change !== undefined && Math.abs(change) >= 0.005 ? el('span', { class: change > 0 ? 'up' : 'down' }, ` ${change > 0 ? '▲' : '▼'} ${points(change)}`) : null,
          );
        }),
        el('td', {}, w.moved === undefined ? '–' : `${(w.moved * 100).toFixed(1)} pts`),
      ),
    );
  }
  table.append(body);
}

// ---- topics, terms, proposals

function termsView(result) {
  const box = $('#terms');
  clear(box);
  const moved = new Set(result.terms.mostMoved);
  for (const w of result.terms.weeks) {
    box.append(
      el(
        'div',
        { class: `week${moved.has(w.week) ? ' moved-most' : ''}`, dataset: { week: w.week } },
        el('h4', {}, `${moved.has(w.week) ? '★ ' : ''}Week of ${w.week}`, el('span', { class: 'hint' }, ` · ${w.sampled} sampled`)),
        el('div', {}, 'Top: ', w.top.map((t) => `${t.term} ${Math.round(t.share * 100)}%`).join(', ') || '–'),
        w.rising.length ? el('div', { class: 'up' }, '▲ ', w.rising.map((t) => `${t.term} ${points(t.change)}`).join(', ')) : null,
        w.falling.length ? el('div', { class: 'down' }, '▼ ', w.falling.map((t) => `${t.term} ${points(t.change)}`).join(', ')) : null,
      ),
    );
  }
  if (!result.terms.weeks.length) box.append(el('p', { class: 'empty' }, 'No messages sampled in this period.'));
}

function skillSelect() {
  const select = el('select', { 'aria-label': 'Skill for the chosen messages' });
  for (const s of state.report.skills) select.append(el('option', { value: s.skill }, s.skill));
  return select;
}

function topicsView(result) {
  const list = $('#topics');
  clear(list);
  $('#topics-status').textContent = result.status === 'ready' || result.status === 'stale' ? String(result.topics.length) : 'grouping…';
  if (!result.topics.length) list.append(el('li', { class: 'empty' }, result.status === 'computing' ? 'Grouping the messages…' : 'No unanswered messages in this period.'));
  result.topics.forEach((t, i) => {
    const checks = t.examples.map((e) => el('input', { type: 'checkbox', checked: true, dataset: { text: e.text } }));
    const select = skillSelect();
    const arrow = { rising: '▲ rising', falling: '▼ falling', steady: '► steady', new: '✚ new' }[t.trend.direction];
    list.append(
      el(
        'li',
        { class: 'topic', dataset: { topic: t.id } },
        el('h3', {}, `${i + 1}. ${t.label}`),
        el(
          'div',
          { class: 'facts' },
          el('span', { dataset: { role: 'size' } }, `about ${t.size} messages`),
          el('span', { dataset: { role: 'handoffs' } }, `${t.handoffs} handed off`),
          el('span', { dataset: { role: 'trend' } }, `${arrow} (${t.trend.early} → ${t.trend.late})`),
          el('span', {}, `routed: ${Object.entries(t.skills).map(([s, n]) => `${s} ${n}`).join(', ')}`),
        ),
        el('ul', { class: 'examples' }, t.examples.map((e, j) => el('li', {}, el('label', {}, checks[j], ` “${e.text}”`)))),
        el(
          'div',
          { class: 'actions' },
          el('label', {}, 'Add the ticked messages as routing examples of ', select),
          el('button', { type: 'button', dataset: { action: 'propose' }, onclick: () => proposeFromTopic(t, select.value, checks) }, 'Propose'),
          el('button', { type: 'button', dataset: { action: 'article' }, onclick: () => draftArticle(t) }, 'Draft a help article'),
        ),
      ),
    );
  });
}

async function proposeFromTopic(topic, skill, checks) {
  const texts = checks.filter((c) => c.checked).map((c) => c.dataset.text);
  if (!texts.length) return toast('Tick at least one message.');
  try {
    toast('Running the router eval with and without the change…', 'ok');
    await api('POST', '/insights/proposals', { source: 'topic', skill, texts, note: `topic "${topic.label}"` });
    await loadProposals();
    toast('Proposal ready: see Routing changes.', 'ok');
  } catch (err) {
    toast(err.message);
  }
}

async function draftArticle(topic) {
  try {
    const r = await api('POST', `/insights/topics/${encodeURIComponent(topic.id)}/article`, { from: state.from, to: state.to });
    toast(`Draft written to knowledge/${r.file} (${r.answers} agent answers quoted).`, 'ok');
  } catch (err) {
    toast(err.message);
  }
}

function evalTable(p) {
  const labels = [...new Set([...Object.keys(p.eval.before.perLabel), ...Object.keys(p.eval.after.perLabel)])].sort();
  return el(
    'table',
    { class: 'data', dataset: { role: 'eval' } },
    el('thead', {}, el('tr', {}, ['Label', 'Messages', 'Before', 'After', 'Change'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      el('tr', { class: 'total' }, el('td', {}, 'accuracy (all)'), el('td', {}, String(p.eval.before.n)), el('td', {}, pct(p.eval.before.accuracy)), el('td', {}, pct(p.eval.after.accuracy)), el('td', {}, points(p.eval.after.accuracy - p.eval.before.accuracy))),
      labels.map((l) => {
        const b = p.eval.before.perLabel[l] || { recall: 0, support: 0 };
        const a = p.eval.after.perLabel[l] || { recall: 0, support: 0 };
        return el('tr', {}, el('td', {}, l), el('td', {}, String(b.support)), el('td', {}, pct(b.recall)), el('td', {}, pct(a.recall)), el('td', {}, points(a.recall - b.recall)));
      }),
    ),
  );
}

function proposalView(p) {
  const who = (x) => (x ? `${x.by} on ${new Date(x.at).toISOString().slice(0, 16).replace('T', ' ')}` : '');
  const admin = state.role === 'admin';
  const button = (action, label, cls) =>
    el('button', { type: 'button', class: cls, disabled: !admin, title: admin ? undefined : 'only an admin may do this', dataset: { action }, onclick: () => decide(p, action) }, label);
  return el(
    'li',
    { class: `proposal ${p.status}`, dataset: { proposal: p.id, status: p.status } },
    el('h3', {}, `${p.source === 'topic' ? p.note || 'from a topic' : "agents' route corrections"} `, el('span', { class: 'status-chip' }, p.status)),
    el('div', { class: 'hint' }, `proposed by ${p.createdBy} · eval on ${p.eval.files.length} files` + (p.accepted ? ` · accepted by ${who(p.accepted)}` : '') + (p.reverted ? ` · reverted by ${who(p.reverted)}` : '')),
    el(
      'ul',
      { class: 'changes' },
      p.changes.map((c) => el('li', {}, `${c.skill}: +${c.add.length} example${c.add.length === 1 ? '' : 's'}${c.remove.length ? `, −${c.remove.length} moved away` : ''} (${c.add.map((t) => `“${t}”`).join(', ')})`)),
    ),
    evalTable(p),
    el(
      'details',
      {},
      el('summary', {}, `${p.eval.changed.length} eval message${p.eval.changed.length === 1 ? '' : 's'} would change route`),
      el('ul', {}, p.eval.changed.map((c) => el('li', {}, `${c.before} → ${c.after} (gold ${c.gold}${c.after === c.gold ? ', now right' : c.before === c.gold ? ', now wrong' : ''}): “${c.text}”`))),
    ),
    el(
      'div',
      { class: 'actions' },
      p.status === 'proposed' ? [button('accept', 'Accept and write the skill file', 'primary'), el('button', { type: 'button', dataset: { action: 'withdraw' }, onclick: () => decide(p, 'withdraw') }, 'Withdraw')] : null,
      p.status === 'accepted' ? button('revert', 'Revert', 'danger') : null,
      admin ? null : el('span', { class: 'hint' }, 'Only an admin can accept or revert.'),
    ),
  );
}

async function decide(p, action) {
  try {
    await api('POST', `/insights/proposals/${encodeURIComponent(p.id)}/${action}`, {});
    toast(action === 'accept' ? 'Accepted: the skill file is written and the router retrained.' : action === 'revert' ? 'Reverted.' : 'Withdrawn.', 'ok');
    await loadProposals();
  } catch (err) {
    toast(err.message);
  }
}

async function loadProposals() {
  const { proposals } = await api('GET', '/insights/proposals');
  const list = $('#proposals');
  clear(list);
  if (!proposals.length) list.append(el('li', { class: 'empty' }, 'No routing changes proposed yet.'));
  for (const p of proposals) list.append(proposalView(p));
}

$('#from-corrections').addEventListener('click', async () => {
  try {
    toast('Running the router eval with and without the corrections…', 'ok');
    await api('POST', '/insights/proposals', { source: 'corrections' });
    await loadProposals();
  } catch (err) {
    toast(err.message);
  }
});

let topicsTimer = null;
async function loadTopics(generation) {
  clearTimeout(topicsTimer);
  const result = await api('GET', `/insights/topics?from=${state.from}&to=${state.to}`);
  if (generation !== state.generation) return;
  state.topics = result;
  topicsView(result);
  termsView(result);
  // Grouping runs in the background: ask again until the result is fresh.
  if (result.status !== 'ready') topicsTimer = setTimeout(() => loadTopics(generation).catch((e) => toast(e.message)), 1500);
}

async function load() {
  const generation = (state.generation = (state.generation || 0) + 1);
  $('#period-label').textContent = `${state.from} to ${state.to}`;
  try {
    const report = await api('GET', `/insights?from=${state.from}&to=${state.to}`);
    if (generation !== state.generation) return;
    state.report = report;
    $('#period-label').textContent = `${report.from} to ${report.to} (${report.timeZone})`;
    totals(report);
    charts(report);
    skillsTable(report);
    shiftTable(report);
    await Promise.all([loadTopics(generation), loadProposals()]);
    document.body.dataset.loaded = `${report.from}_${report.to}`;
  } catch (err) {
    toast(err.message);
  }
}

(async () => {
  const session = await loadSession();
  state.me = session.agent;
  state.role = session.role || 'agent';
  $('#me').textContent = `${session.agent}${state.role === 'admin' ? ' (admin)' : ''}`;
  const params = new URLSearchParams(location.search);
  // "Today" in the store's calendar comes from the server's report of the default period.
  const probe = await api('GET', '/insights');
  state.today = probe.to;
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) setPeriod(from, to, null);
  else presetPeriod(7);
})();
