import { describe, expect, it } from 'vitest';
import { ConversationActionError, MessageNotFoundError, UnknownSkillError } from '../../src/core/errors.js';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import { changeConversation, handedBack, takenOver } from '../../src/conversations/conversation-control.js';
import type { RouteContext } from '../../src/core/route.js';
import { engineHarness, firstWordRouter, message } from './engine-harness.js';

/** The engine on its own: createEngine with the memory store, a scripted model and guard. */

describe('engine (unit, memory store, scripted model)', () => {
  it('answers with the model, stores the reply and remembers the skill', async () => {
    const h = await engineHarness();
    h.model.script({ text: 'You can return it within 30 days.' });
    const deltas: string[] = [];
    const r = await h.engine.handle(message('c1', 'returns my kettle'), { onDelta: (t) => deltas.push(t) });
    expect(r.reply).toMatchObject({ status: 'sent', offline: false, skill: 'returns', text: 'You can return it within 30 days.' });
    expect(deltas.join('')).toBe('You can return it within 30 days.');
    const c = await h.bundle.store.getConversation('c1');
    expect(c).toMatchObject({ activeSkill: 'returns', mode: 'auto', unclearStreak: 0 });
    const stored = await h.bundle.store.getMessages('c1');
    expect(stored.map((m) => m.role)).toEqual(['customer', 'bot']);
    expect(h.offlineCalls).toBe(0);
  });

  it("tells the model the customer's language and how its templates address them (the locale pack's address)", async () => {
    const seen: unknown[] = [];
    const h = await engineHarness({
      deps: {
        assembler: {
          chooseVariant: () => 'default',
          build: async (input) => {
            seen.push(input.language);
            return { messages: [{ role: 'system', content: 'x' }, { role: 'user', content: input.text }], promptTokens: 1, prefixTokens: 0, demonstrations: [], knowledge: [] };
          },
        },
      },
    });
    h.model.script({ text: 'Gern.' }, { text: 'Sure.' });
    await h.engine.handle(message('c-lang', 'returns Ich möchte meinen Wasserkocher zurückgeben, er ist leider zu laut'));
    await h.engine.handle(message('c-lang-en', 'returns I would like to send my kettle back, it is too loud'));
    expect(seen[0]).toEqual({ code: 'de', name: 'Deutsch', address: expect.stringContaining('"Sie"') });
    // The default language needs no note (the prompts are written in it).
    expect(seen[1]).toBeNull();
  });

  it("routes a message with its detected language, else the conversation's (the router reads a synonym key's other forms in it)", async () => {
    const languages: unknown[] = [];
    const router = { route: async (text: string, ctx: RouteContext) => (languages.push(ctx.language), firstWordRouter.route(text, ctx)) };
    const h = await engineHarness({ model: false, deps: { router } });
    await h.engine.handle(message('c-route-lang', 'returns Ich möchte meine Uhren zurückgeben, sie sind leider zu laut'));
    await h.engine.handle(message('c-route-lang', 'ok'));
    await h.engine.handle(message('c-route-en', 'returns I would like to send my kettle back, it is too loud'));
    expect(languages).toEqual(['de', 'de', 'en']);
  });

  it('answers offline when the model is unavailable, flagged for agents', async () => {
    const h = await engineHarness();
    h.model.script({ fail: 'server' });
    const r = await h.engine.handle(message('c2', 'warranty my blender broke'));
    expect(r.reply).toMatchObject({ status: 'sent', offline: true, text: 'Offline answer from warranty.' });
    expect(r.reply?.flags).toContain('offline_reply');
  });

  it('answers offline without a model at all', async () => {
    const h = await engineHarness({ model: false });
    const r = await h.engine.handle(message('c3', 'returns a jacket'));
    expect(r.reply).toMatchObject({ offline: true, text: 'Offline answer from returns.' });
    expect(h.model.requests).toHaveLength(0);
  });

  it('regenerates once when the guard rejects a draft; a second rejection answers offline and escalates', async () => {
    const h = await engineHarness();
    h.model.script({ text: 'a false claim' }, { text: 'a grounded answer' });
    h.verdicts.push({ ok: false, problems: ['x'], kind: 'grounding' });
    const resets: number[] = [];
    const ok = await h.engine.handle(message('c4', 'returns how long'), { onReset: () => resets.push(1) });
    expect(ok.reply).toMatchObject({ text: 'a grounded answer', offline: false });
    expect(ok.reply?.flags).toContain('guard_triggered');
    expect(resets.length).toBeGreaterThan(0);
    // A guard-triggered turn puts the conversation in the queue, in the same write.
    const c = await h.bundle.store.getConversation('c4');
    expect(c?.waitingSince).toBeDefined();
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([{ member: 'c4', score: c!.waitingSince! }]);

    h.model.script({ text: 'bad 1' }, { text: 'bad 2' });
    h.verdicts.push({ ok: false, problems: ['x'], kind: 'leak' }, { ok: false, problems: ['y'], kind: 'leak' });
    const off = await h.engine.handle(message('c5', 'returns again'));
    expect(off.reply).toMatchObject({ offline: true });
    expect(h.model.requests).toHaveLength(4);
  });

  it('queues a customer who asks for a person, scored by when they started waiting', async () => {
    const h = await engineHarness();
    const r = await h.engine.handle(message('c6', 'can I talk to a person please'));
    expect(r.reply?.flags).toEqual(expect.arrayContaining(['asked_for_human']));
    expect(r.reply?.attachments?.offerHuman).toBe(true);
    const c = await h.bundle.store.getConversation('c6');
    expect(c?.flags).toContain('escalated');
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([{ member: 'c6', score: h.now.value }]);
    // Still waiting on the next turn, with the same score.
    h.now.value += 1000;
    await h.engine.handle(message('c6', 'returns hello?'));
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([{ member: 'c6', score: c!.waitingSince! }]);
  });

  it('a skill whose default is a person queues the conversation and sends nothing (an agent is online)', async () => {
    const h = await engineHarness({ deps: { staffing: { staffing: async () => ({ agentsOnline: 1, agentsConfigured: true }) } } });
    const r = await h.engine.handle(message('c7', 'people need help'));
    expect(r.reply).toBeNull();
    expect(r.mode).toBe('human');
    expect((await h.bundle.store.zRange(ESCALATION_QUEUE)).map((m) => m.member)).toEqual(['c7']);
  });

  it('a take-over landing while the model writes silences the reply (kept as a discarded draft) and empties the queue', async () => {
    const h = await engineHarness();
    await h.engine.handle(message('c8', 'talk to a human'));
    let release!: () => void;
    const until = new Promise<void>((r) => (release = r));
    h.model.script({ text: 'too late', until });
    const turn = h.engine.handle(message('c8', 'returns my order'));
    // The model is writing: the agent claims the conversation from the queue meanwhile.
    await new Promise((r) => setImmediate(r));
    await changeConversation(h.bundle.store, 'c8', (cur) => takenOver(cur, 'alice', h.now.value, { claim: true }));
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
    release();
    const r = await turn;
    expect(r.reply?.status).toBe('silent');
    expect(r.mode).toBe('human');
    const bot = (await h.bundle.store.getMessages('c8')).filter((m) => m.role === 'bot').at(-1);
    expect(bot?.role === 'bot' && bot.draft?.status).toBe('discarded');
    // The commit did not put it back in the queue: it is owned, no longer waiting.
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
    expect((await h.bundle.store.getConversation('c8'))?.waitingSince).toBeUndefined();
  });

  it('of two claims on one waiting conversation exactly one wins', async () => {
    const h = await engineHarness();
    await h.engine.handle(message('c9', 'speak to an agent'));
    const claims = await Promise.allSettled([
      changeConversation(h.bundle.store, 'c9', (cur) => takenOver(cur, 'alice', 1, { claim: true })),
      changeConversation(h.bundle.store, 'c9', (cur) => takenOver(cur, 'bob', 1, { claim: true })),
    ]);
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const refused = claims.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConversationActionError);
    expect(refused.reason).toMatchObject({ kind: 'conflict', code: 'already_claimed' });
    // Handed back: the bot answers again, and nothing waits.
    const owner = (await h.bundle.store.getConversation('c9'))!.agent!;
    await changeConversation(h.bundle.store, 'c9', (cur) => handedBack(cur, owner, 2));
    const r = await h.engine.handle(message('c9', 'returns thanks'));
    expect(r.reply?.status).toBe('sent');
    expect(await h.bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
  });

  it('replays a message answered before instead of answering twice', async () => {
    const h = await engineHarness();
    h.model.script({ text: 'first answer' });
    const msg = message('c10', 'returns my shoes');
    const first = await h.engine.handle(msg);
    const again = await h.engine.handle(msg);
    expect(again).toMatchObject({ duplicate: true, reply: { messageId: first.reply!.messageId, text: 'first answer' } });
    expect(h.model.requests).toHaveLength(1);
  });

  it('answers a resend of a message stored by a cut turn once, keeping one copy', async () => {
    const h = await engineHarness();
    const msg = message('c11', 'returns a lamp');
    await h.engine.handle(message('c11', 'returns hello'));
    await h.bundle.store.appendMessage('c11', { id: msg.id, role: 'customer', text: msg.text, at: h.now.value });
    const r = await h.engine.handle(msg);
    expect(r.duplicate).toBe(false);
    const copies = (await h.bundle.store.getMessages('c11')).filter((m) => m.id === msg.id);
    expect(copies).toHaveLength(1);
  });

  it('re-routes with domain errors: unknown skill, missing message', async () => {
    const h = await engineHarness();
    const r = await h.engine.handle(message('c12', 'other stuff'));
    const customerId = (await h.bundle.store.getMessages('c12')).find((m) => m.role === 'customer')!.id;
    await expect(h.engine.reroute({ conversationId: 'c12', messageId: customerId, skill: 'nope', agent: 'a' })).rejects.toBeInstanceOf(UnknownSkillError);
    await expect(h.engine.reroute({ conversationId: 'c12', messageId: 'missing', skill: 'returns', agent: 'a' })).rejects.toBeInstanceOf(MessageNotFoundError);
    h.model.script({ text: 'a returns answer' });
    const again = await h.engine.reroute({ conversationId: 'c12', messageId: customerId, skill: 'returns', agent: 'a' });
    expect(again.route).toMatchObject({ skill: 'returns', method: 'agent' });
    expect(again.reply).toMatchObject({ text: 'a returns answer', status: 'sent' });
    expect(r.reply?.skill).toBe('other');
  });
});

describe('a hand-off that tells the truth', () => {
  const staffing = (agentsOnline: number, agentsConfigured = true) => ({ staffing: async () => ({ agentsOnline, agentsConfigured }) });

  it('with no agent accounts: says so, gives the store contacts, keeps the conversation queued, promises nothing', async () => {
    const h = await engineHarness({ model: false });
    const r = await h.engine.handle(message('h1', 'I want to speak to a human'));
    expect(r.reply?.attachments).toMatchObject({ offerHuman: true, handoff: 'no_agents' });
    expect(r.reply?.text).toContain('help@shop.test');
    expect(r.reply?.text).toContain('+1 555 0100');
    expect(r.reply?.text).toContain('Mon-Fri 9-17');
    expect(r.reply?.text).not.toMatch(/shortly/i);
    expect((await h.bundle.store.zRange(ESCALATION_QUEUE)).map((m) => m.member)).toEqual(['h1']);
  });

  it('with agents but nobody online: says nobody is online, gives hours and contacts, queued for the next agent', async () => {
    const h = await engineHarness({ model: false, deps: { staffing: staffing(0) } });
    const r = await h.engine.handle(message('h2', 'can I talk to someone from customer service'));
    expect(r.reply?.attachments?.handoff).toBe('nobody_online');
    expect(r.reply?.text).toMatch(/nobody .* online/i);
    expect(r.reply?.text).toContain('Mon-Fri 9-17');
    expect(r.reply?.text).not.toMatch(/shortly/i);
    expect((await h.bundle.store.getConversation('h2'))?.waitingSince).toBeDefined();
  });

  it('with an agent online: says an agent is signed in', async () => {
    const h = await engineHarness({ model: false, deps: { staffing: staffing(2) } });
    const r = await h.engine.handle(message('h3', 'human agent please'));
    expect(r.reply?.attachments?.handoff).toBe('agents_online');
    expect(r.reply?.text).toMatch(/agent is signed in/i);
  });

  it('the channel button asks for a person without any words that say so', async () => {
    const h = await engineHarness({ model: false, deps: { staffing: staffing(0) } });
    const r = await h.engine.handle({ ...message('h4', 'returns thing'), requestsHuman: true });
    expect(r.reply?.flags).toContain('asked_for_human');
    expect(r.reply?.attachments?.handoff).toBe('nobody_online');
    expect((await h.bundle.store.zRange(ESCALATION_QUEUE)).map((m) => m.member)).toEqual(['h4']);
  });

  it('a skill whose default is a person stays silent only while someone is online', async () => {
    const online = await engineHarness({ deps: { staffing: staffing(1) } });
    expect((await online.engine.handle(message('h5', 'people question'))).reply).toBeNull();
    const nobody = await engineHarness({ deps: { staffing: staffing(0) } });
    const r = await nobody.engine.handle(message('h6', 'people question'));
    expect(r.reply).toMatchObject({ status: 'sent', attachments: { handoff: 'nobody_online' } });
    expect(nobody.model.requests).toHaveLength(0);
    expect((await nobody.bundle.store.zRange(ESCALATION_QUEUE)).map((m) => m.member)).toEqual(['h6']);
  });

  it('tells the truth in the customer\'s language (locale packs)', async () => {
    const h = await engineHarness({ model: false, deps: { staffing: staffing(0) } });
    const es = await h.engine.handle(message('h8', 'Hola, quiero hablar con una persona sobre mi pedido, por favor'));
    expect(es.reply?.attachments?.handoff).toBe('nobody_online');
    expect(es.reply?.text).toContain('no hay nadie de nuestro equipo');
    expect(es.reply?.text).toContain('help@shop.test');
    const de = await h.engine.handle(message('h9', 'Ich möchte bitte mit einem Menschen sprechen, nicht mit einem Bot'));
    expect(de.reply?.text).toContain('niemand aus unserem Support-Team');
  });

  it('presence that cannot be read promises nothing', async () => {
    const h = await engineHarness({ model: false, deps: { staffing: { staffing: async () => { throw new Error('store down'); } } } });
    const r = await h.engine.handle(message('h7', 'talk to a person'));
    expect(r.reply?.attachments?.handoff).toBe('nobody_online');
  });
});
