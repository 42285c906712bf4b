import { clear, el } from './dom.js';
import { CHANNEL_LABEL, FLAG_LABEL, ago, clock, customerName, json, pct, usd } from './format.js';

/**
 * The conversation view: transcript with routes, drafts, tools and cost, and the controls
 * (modes, take over / hand back, replies, corrections, erase). Every action re-reads nothing
 * by itself: the server publishes the change and the live feed updates the view.
 */
export function createView(root, ctx) {
  let current = null; // { conversation, messages: Map, order: [] }
  // Live events for a conversation that is still loading, applied once its snapshot arrives.
  let loading = null; // { id, events: [] }

  const enc = encodeURIComponent;
  const path = (suffix = '') => `/conversations/${enc(current.conversation.id)}${suffix}`;

  async function act(button, fn, success) {
    if (button) button.disabled = true;
    try {
      const result = await fn();
      if (success) ctx.toast(typeof success === 'function' ? success(result) : success, 'ok');
      return result;
    } catch (err) {
      ctx.toast(err.message);
      return null;
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }

  // ---- header and controls

  function header(c) {
    const me = ctx.me();
    const mine = c.mode === 'human' && c.agent === me;
    const ownedByOther = c.mode === 'human' && c.agent && c.agent !== me;
    const modeGroup = el('fieldset', { class: 'modes' }, el('legend', {}, 'Mode'));
    for (const mode of ['auto', 'assist', 'human']) {
      const id = `mode-${mode}`;
      const input = el('input', { type: 'radio', name: 'mode', id, value: mode, checked: c.mode === mode });
      input.addEventListener('change', () =>
        act(null, () => ctx.api('POST', path('/mode'), { mode, ...(ownedByOther ? { force: true } : {}) }), `Mode set to ${mode}`),
      );
      modeGroup.append(el('label', { for: id, class: `mode-option ${mode}` }, input, ` ${mode}`));
    }
    const takeOver = el('button', { type: 'button', class: 'primary', dataset: { action: 'take-over' } }, ownedByOther ? `Take over from ${c.agent}` : 'Take over');
    takeOver.addEventListener('click', () => {
      if (ownedByOther && !confirm(`${c.agent} owns this conversation. Take it over from them?`)) return;
      act(takeOver, () => ctx.api('POST', path('/take-over'), ownedByOther ? { force: true } : {}), 'You own this conversation: the bot is silent until you hand it back.');
    });
    const handBack = el('button', { type: 'button', class: 'primary', dataset: { action: 'hand-back' } }, 'Hand back to the bot');
    handBack.addEventListener('click', () => act(handBack, () => ctx.api('POST', path('/hand-back'), ownedByOther ? { force: true } : {}), 'Handed back: the bot answers again.'));
    const erase = el('button', { type: 'button', class: 'danger', dataset: { action: 'erase' } }, 'Erase conversation');
    erase.addEventListener('click', () => {
      if (!confirm('Erase this conversation everywhere (history, queue, corrections)? This cannot be undone.')) return;
      act(erase, () => ctx.api('DELETE', path()), 'Conversation erased.');
    });

    return el(
      'header',
      { class: 'view-header' },
      identityBlock(c),
      el(
        'div',
        { class: 'who' },
        el('h2', {}, customerName(c)),
        el('span', { class: 'chip channel' }, CHANNEL_LABEL[c.channel] || c.channel),
        c.activeSkill ? el('span', { class: 'chip skill' }, `skill: ${c.activeSkill}`) : null,
        el('span', { class: `chip mode ${c.mode}`, dataset: { role: 'mode' } }, c.mode === 'human' ? `human · ${c.agent || 'unassigned'}` : c.mode),
        ...c.flags.map((f) => el('span', { class: `chip flag ${f}` }, FLAG_LABEL[f] || f)),
        c.waitingSince ? el('span', { class: 'waiting', dataset: { since: String(c.waitingSince) } }, `waiting ${ago(Date.now() - c.waitingSince)}`) : null,
        el('span', { class: 'conv-id' }, c.id),
      ),
      el('div', { class: 'controls' }, modeGroup, mine ? handBack : takeOver, c.mode === 'human' && !mine ? handBack : null, erase),
    );
  }

  // ---- who the customer is, what waits for confirmation, what was done

  const METHOD_LABEL = { identity_token: 'signed in on the store site', order_email: 'order number + e-mail' };
  const ACTION_LABEL = { start_return: 'Start a return', open_warranty_claim: 'Open a warranty claim', cancel_order: 'Cancel the order' };

  function identityBlock(c) {
    const v = c.verified;
    const who = v
      ? el(
          'p',
          { class: 'verified yes', dataset: { role: 'verified' } },
          el('strong', {}, 'Verified'),
          ` as ${v.as}${v.customerId ? ` (customer ${v.customerId})` : ''} · ${METHOD_LABEL[v.method] || v.method}${v.viaOrder ? ` with order ${v.viaOrder}` : ''} · ${clock(v.at)}`,
        )
      : el(
          'p',
          { class: 'verified no', dataset: { role: 'verified' } },
          el('strong', {}, 'Not verified'),
          c.awaitingVerification ? ` · asked for the e-mail on ${c.awaitingVerification.orderId || 'their order'} ${ago(Date.now() - c.awaitingVerification.since)} ago` : ' · order data is not shown to the bot or the customer until they verify',
        );
    const p = c.proposal;
    if (!p) return el('div', { class: 'identity' }, who);
    const approve = el('button', { type: 'button', class: 'primary', dataset: { action: 'approve-proposal' } }, 'Approve');
    const decline = el('button', { type: 'button', dataset: { action: 'decline-proposal' } }, 'Decline');
    const decide = (button, decision) =>
      act(button, () => ctx.api('POST', path(`/proposals/${enc(p.id)}/${decision}`), {}), decision === 'approve' ? 'Approved: done and sent to the customer.' : 'Declined: nothing was changed.').then(() => loadAudit());
    approve.addEventListener('click', () => decide(approve, 'approve'));
    decline.addEventListener('click', () => decide(decline, 'decline'));
    return el(
      'div',
      { class: 'identity' },
      who,
      el(
        'div',
        { class: 'proposal', dataset: { role: 'proposal' } },
        el('strong', {}, 'Waiting for confirmation: '),
        `${ACTION_LABEL[p.kind] || p.kind} · order ${p.orderId}${p.itemName ? ` · ${p.itemName}` : ''}${p.sku ? ` (${p.sku})` : ''}${p.detail ? ` · “${p.detail}”` : ''} · proposed ${clock(p.proposedAt)} `,
        approve,
        decline,
      ),
    );
  }

  function auditBlock() {
    const entries = (current && current.audit) || [];
    return el(
      'details',
      { class: 'audit', dataset: { role: 'audit' }, open: entries.length > 0 },
      el('summary', {}, `Audit trail (${entries.length})`),
      entries.length
        ? el(
            'ul',
            {},
            ...entries.map((a) =>
              el(
                'li',
                {},
                `${clock(a.at)} · ${ACTION_LABEL[a.action] || a.action} · order ${a.orderId}${a.sku ? ` (${a.sku})` : ''} · ${a.outcome} (${a.result}) · verified by ${METHOD_LABEL[a.verifiedBy] || a.verifiedBy} · confirmed by ${a.confirmedBy.kind === 'agent' ? a.confirmedBy.agent : a.confirmedBy.kind === 'customer_button' ? 'the customer (button)' : 'the customer (message)'}`,
              ),
            ),
          )
        : el('p', { class: 'note' }, 'No returns, claims or cancellations were made in this conversation.'),
    );
  }

  async function loadAudit() {
    if (!current) return;
    const id = current.conversation.id;
    try {
      const body = await ctx.api('GET', `/conversations/${enc(id)}`);
      if (!current || current.conversation.id !== id) return;
      current.audit = body.audit || [];
      const old = root.querySelector('.audit');
      if (old) old.replaceWith(auditBlock());
    } catch {
      // The next open shows it; the panel stays usable.
    }
  }

  // ---- transcript entries

  function routeBlock(m) {
    const r = m.route;
    if (!r) return el('div', { class: 'route none' }, 'not routed (an agent owned the conversation)');
    const reason = r.reason || {};
    const details = el('details', { class: 'reason' }, el('summary', {}, 'why'));
    if (reason.features && reason.features.length) {
      details.append(
        el('p', { class: 'label' }, 'Top features'),
        el('ul', { class: 'features' }, ...reason.features.map((f) => el('li', {}, `${f.feature} `, el('span', { class: 'weight' }, `(${f.weight >= 0 ? '+' : ''}${Number(f.weight).toFixed(2)})`)))),
      );
    }
    if (reason.nearest && reason.nearest.length) {
      details.append(
        el('p', { class: 'label' }, 'Nearest examples'),
        el('ul', { class: 'nearest' }, ...reason.nearest.map((n) => el('li', {}, `“${n.text}” → ${n.skill} `, el('span', { class: 'weight' }, `(${Number(n.score).toFixed(2)})`)))),
      );
    }
    if (reason.note) details.append(el('p', { class: 'note' }, reason.note));
    if (!reason.features && !reason.nearest && !reason.note) details.append(el('p', { class: 'note' }, 'no explanation recorded'));

    const select = el('select', { class: 'reroute-skill', 'aria-label': 'Re-route to skill' }, ...ctx.skills().map((s) => el('option', { value: s.id, selected: s.id === r.skill }, s.id)));
    const reroute = el('button', { type: 'button', dataset: { action: 'reroute' } }, 'Re-route');
    reroute.addEventListener('click', () =>
      act(reroute, () => ctx.api('POST', path(`/messages/${enc(m.id)}/reroute`), { skill: select.value }), (res) =>
        res && res.reply ? `Re-routed to ${select.value}: reply ${res.reply.status}` : `Re-routed to ${select.value}`,
      ),
    );
    return el(
      'div',
      { class: 'route', dataset: { role: 'route' } },
      el('span', { class: 'chip skill' }, r.skill),
      el('span', { class: `confidence ${r.confidence < 0.5 ? 'low' : ''}`, dataset: { role: 'confidence' } }, `confidence ${pct(r.confidence)}`),
      el('span', { class: 'chip method' }, r.method),
      r.runnerUp ? el('span', { class: 'runner-up' }, `runner-up ${r.runnerUp.skill} ${pct(r.runnerUp.confidence)}`) : null,
      r.clarify ? el('span', { class: 'chip flag' }, 'asked to clarify') : null,
      details,
      el('span', { class: 'route-actions' }, verdictButtons(m, 'route'), select, reroute),
    );
  }

  function verdictButtons(m, target) {
    const make = (verdict, text) => {
      const b = el('button', { type: 'button', class: `verdict ${verdict}`, title: `Mark the ${target} ${verdict}`, dataset: { action: `${target}-${verdict}` } }, text);
      b.addEventListener('click', () => act(b, () => ctx.api('POST', path(`/messages/${enc(m.id)}/feedback`), { target, verdict }), `${target} marked ${verdict}`));
      return b;
    };
    return el('span', { class: 'verdicts' }, make('good', `${target} ✓`), make('wrong', `${target} ✗`));
  }

  function toolsBlock(tools) {
    if (!tools || !tools.length) return null;
    return el(
      'details',
      { class: 'tools' },
      el('summary', {}, `${tools.length} tool call${tools.length > 1 ? 's' : ''}: ${tools.map((t) => t.name).join(', ')}`),
      ...tools.map((t) =>
        el(
          'div',
          { class: `tool ${t.ok ? 'ok' : 'failed'}` },
          el('p', {}, el('strong', {}, t.name), ` ${t.ok ? 'ok' : 'failed'} · ${Math.round(Number(t.durationMs) || 0)} ms`),
          el('p', { class: 'label' }, 'arguments'),
          el('pre', {}, json(t.arguments)),
          el('p', { class: 'label' }, 'result'),
          el('pre', {}, json(t.result)),
        ),
      ),
    );
  }

  // The help articles a reply was written from (issue 16.3): title, section and a link when the
  // article has one (http(s) or a site path only: the URL comes from the store's article files).
  function sourcesBlock(sources) {
    if (!Array.isArray(sources) || !sources.length) return null;
    const safeUrl = (u) => (typeof u === 'string' && (/^https?:\/\//i.test(u) || /^\/(?!\/)/.test(u)) ? u : null);
    return el(
      'div',
      { class: 'sources', dataset: { role: 'sources' } },
      el('span', { class: 'label' }, `source${sources.length > 1 ? 's' : ''}: `),
      ...sources.map((s, i) => {
        const name = `${s.title}${s.heading && s.heading !== s.title ? ` › ${s.heading}` : ''}`;
        const url = safeUrl(s.url);
        return el(
          'span',
          { class: 'source', dataset: { article: s.articleId } },
          i > 0 ? ' · ' : null,
          url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, name) : name,
        );
      }),
    );
  }

  function costBlock(cost) {
    if (!cost) return null;
    const u = cost.usage || {};
    return el(
      'span',
      { class: 'cost', dataset: { role: 'cost' } },
      `tokens ${u.promptTokens || 0} in (${u.cachedTokens || 0} cached) · ${u.completionTokens || 0} out · ${usd(cost.cost)} · ${cost.modelCalls} model call${cost.modelCalls === 1 ? '' : 's'}`,
    );
  }

  // What the bot spent on this conversation so far: every reply's model calls, drafts included
  // (a draft was paid for even if an agent discarded it).
  function totalsBlock() {
    const t = { replies: 0, calls: 0, prompt: 0, cached: 0, completion: 0, cost: 0 };
    for (const id of current.order) {
      const m = current.messages.get(id);
      if (!m || m.role !== 'bot' || !m.cost) continue;
      const u = m.cost.usage || {};
      t.replies += 1;
      t.calls += Number(m.cost.modelCalls) || 0;
      t.prompt += Number(u.promptTokens) || 0;
      t.cached += Number(u.cachedTokens) || 0;
      t.completion += Number(u.completionTokens) || 0;
      t.cost += Number(m.cost.cost) || 0;
    }
    return el(
      'p',
      { class: 'totals cost', dataset: { role: 'totals' } },
      `Conversation total: ${t.replies} bot repl${t.replies === 1 ? 'y' : 'ies'} · ${t.calls} model call${t.calls === 1 ? '' : 's'} · tokens ${t.prompt} in (${t.cached} cached) · ${t.completion} out · ${usd(t.cost)}`,
    );
  }

  function renderTotals() {
    const old = root.querySelector('[data-role="totals"]');
    if (old) old.replaceWith(totalsBlock());
  }

  function demoButton(m) {
    const b = el('button', { type: 'button', class: 'subtle', dataset: { action: 'save-demo' } }, 'Save as demonstration');
    b.addEventListener('click', () => act(b, () => ctx.api('POST', path(`/messages/${enc(m.id)}/demonstration`), {}), (r) => `Saved as a candidate demonstration for ${r.candidate.skill}`));
    return b;
  }

  function draftBlock(m) {
    const d = m.draft;
    if (d.status !== 'pending') {
      return el('p', { class: `draft-status ${d.status}` }, d.status === 'approved' ? (d.editedBy ? `approved, edited by ${d.editedBy}` : 'approved as drafted') : `discarded${d.editedBy ? ` by ${d.editedBy}` : ''}`);
    }
    const area = el('textarea', { class: 'draft-text', 'aria-label': 'Draft reply (edit before approving)', rows: 4 });
    area.value = m.text;
    const approve = el('button', { type: 'button', class: 'primary', dataset: { action: 'approve' } }, 'Approve and send');
    approve.addEventListener('click', () => {
      const text = area.value.trim();
      act(approve, () => ctx.api('POST', path(`/messages/${enc(m.id)}/approve`), text && text !== m.text ? { text } : {}), 'Sent to the customer');
    });
    const discard = el('button', { type: 'button', class: 'danger', dataset: { action: 'discard' } }, 'Discard');
    discard.addEventListener('click', () => act(discard, () => ctx.api('POST', path(`/messages/${enc(m.id)}/discard`), {}), 'Draft discarded'));
    return el('div', { class: 'draft-editor' }, el('p', { class: 'label' }, 'Draft: not sent yet. Edit if needed, then approve or discard.'), area, el('div', { class: 'buttons' }, approve, discard));
  }

  function entry(m) {
    const base = { class: `msg ${m.role}`, dataset: { id: m.id, role: m.role } };
    switch (m.role) {
      case 'customer':
        return el('li', base, el('div', { class: 'meta' }, el('span', { class: 'who' }, 'customer'), el('time', {}, clock(m.at))), el('p', { class: 'text' }, m.text), routeBlock(m));
      case 'bot': {
        const pending = m.draft && m.draft.status === 'pending';
        const li = el(
          'li',
          { ...base, class: `msg bot ${m.draft ? `draft ${m.draft.status}` : ''}` },
          el(
            'div',
            { class: 'meta' },
            el('span', { class: 'who' }, 'bot'),
            el('span', { class: 'chip skill' }, m.skill),
            m.variant ? el('span', { class: 'chip variant' }, `variant ${m.variant}`) : null,
            m.offline ? el('span', { class: 'chip offline', title: 'Answered from the store data without the AI model (customers do not see this)' }, 'offline answer') : null,
            ...(m.flags || []).map((f) => el('span', { class: `chip flag ${f}` }, FLAG_LABEL[f] || f)),
            el('time', {}, clock(m.at)),
          ),
          pending ? null : el('p', { class: 'text' }, m.text),
          m.draft ? draftBlock(m) : null,
          el('div', { class: 'details' }, sourcesBlock(m.sources), costBlock(m.cost), toolsBlock(m.tools)),
          el('div', { class: 'answer-actions' }, verdictButtons(m, 'answer'), m.draft && m.draft.status === 'approved' ? demoButton(m) : null),
        );
        return li;
      }
      case 'agent':
        return el(
          'li',
          base,
          el('div', { class: 'meta' }, el('span', { class: 'who' }, `${m.agent} (agent)`), el('time', {}, clock(m.at))),
          el('p', { class: 'text' }, m.text),
          el('div', { class: 'answer-actions' }, demoButton(m)),
        );
      case 'system':
        return el('li', { ...base, class: `msg system ${m.event}` }, el('p', { class: 'text' }, `${m.text} · ${clock(m.at)}`));
      default:
        return el('li', base, el('p', { class: 'text' }, String(m.text)));
    }
  }

  function composer() {
    const area = el('textarea', { id: 'reply-text', 'aria-label': 'Reply to the customer', rows: 3, maxlength: 2000, placeholder: 'Write to the customer…' });
    const send = el('button', { type: 'submit', class: 'primary', dataset: { action: 'send-reply' } }, 'Send reply');
    const form = el('form', { class: 'composer' }, area, send);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      const ok = await act(send, () => ctx.api('POST', path('/messages'), { text }));
      if (ok) area.value = '';
    });
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
    });
    return form;
  }

  function render() {
    clear(root);
    if (!current) return;
    const transcript = el('ol', { class: 'transcript', 'aria-label': 'Transcript' }, ...current.order.map((id) => entry(current.messages.get(id))));
    root.append(header(current.conversation), auditBlock(), totalsBlock(), transcript, composer());
    transcript.scrollTop = transcript.scrollHeight;
  }

  function renderHeader() {
    const old = root.querySelector('.view-header');
    if (old) old.replaceWith(header(current.conversation));
  }

  return {
    currentId: () => (current ? current.conversation.id : null),

    async open(id) {
      loading = { id, events: [] };
      try {
        const body = await ctx.api('GET', `/conversations/${enc(id)}`);
        if (!loading || loading.id !== id) return; // another conversation was opened meanwhile
        current = { conversation: body.conversation, messages: new Map(body.messages.map((m) => [m.id, m])), order: body.messages.map((m) => m.id), audit: body.audit || [] };
        render();
        const missed = loading.events;
        loading = null;
        for (const apply of missed) apply();
      } catch (err) {
        if (loading && loading.id === id) loading = null;
        ctx.toast(err.message);
      }
    },

    updateConversation(summary) {
      if (loading && loading.id === summary.id) return void loading.events.push(() => this.updateConversation(summary));
      if (!current || current.conversation.id !== summary.id) return;
      current.conversation = summary;
      renderHeader();
    },

    addMessage(conversationId, message) {
      if (loading && loading.id === conversationId) return void loading.events.push(() => this.addMessage(conversationId, message));
      if (!current || current.conversation.id !== conversationId) return;
      if (current.messages.has(message.id)) return this.replaceMessage(conversationId, message);
      current.messages.set(message.id, message);
      current.order.push(message.id);
      const transcript = root.querySelector('.transcript');
      if (transcript) {
        transcript.append(entry(message));
        transcript.scrollTop = transcript.scrollHeight;
      }
      renderTotals();
    },

    replaceMessage(conversationId, message) {
      if (loading && loading.id === conversationId) return void loading.events.push(() => this.replaceMessage(conversationId, message));
      if (!current || current.conversation.id !== conversationId || !current.messages.has(message.id)) return;
      current.messages.set(message.id, message);
      const old = root.querySelector(`.transcript > li[data-id="${CSS.escape(message.id)}"]`);
      if (old) old.replaceWith(entry(message));
      renderTotals();
    },

    erased(conversationId) {
      if (loading && loading.id === conversationId) loading = null;
      if (!current || current.conversation.id !== conversationId) return;
      current = null;
      clear(root);
      root.append(el('p', { class: 'placeholder' }, 'This conversation was erased.'));
    },
  };
}

