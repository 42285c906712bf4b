import type { Conversation, InboundMessage, StoredMessage, ToolCallRecord } from '../core/conversation.js';
import type { BotReply, TurnObservation, TurnResult, TurnSink } from '../core/engine.js';
import type { RouteDecision } from '../core/route.js';
import type { ConversationSnapshot } from '../core/store.js';
import { OUT_OF_SCOPE, type SkillSet, type ToolRegistry } from '../core/skill.js';
import { fillTemplate } from '../locale/locale-packs.js';
import { identifiersIn, withoutIdentifiers } from '../commerce/order-ids.js';
import { canonicalId } from '../commerce/identifiers.js';
import { emptyDialogue, type DialogueState } from '../core/dialogue-state.js';
import { withoutEmails } from '../privacy/pii.js';
import { confirmedActionRecord, runProposal } from './action-runner.js';
import { historyForTurn, replayDuplicate } from './duplicate-replay.js';
import type { EngineContext } from './engine-context.js';
import { identityStep, sameCustomer } from './identity-step.js';
import { proposalDecision, renderActionResult } from './proposal-step.js';
import type { CustomerWrite } from './reply-commit.js';
import { fixedReply, respond, type CustomerMessage } from './respond.js';
import { conversationForTurn, goneError, sameConversation } from './turn-conversation.js';
import { currentCustomer } from '../core/identity.js';

/** A route that found no request in the message: unclear, or nothing the store's skills handle. */
function asksNothing(route: RouteDecision): boolean {
  return route.method === 'clarify' || route.method === 'fallback' || route.skill === OUT_OF_SCOPE;
}

/** A route that found nothing at all (as against "asked something the store does not do"). */
function foundNothing(route: RouteDecision): boolean {
  return route.method === 'clarify' || route.method === 'fallback';
}

/** The dialogue step the engine records when it confirmed a bare verification and asked what the customer needs. */
const VERIFIED_ASK_STEP = 'verified_ask';

/** The dialogue state about `orderId` from now on: the order a customer just verified with wins over any earlier focus. */
function focusedOn(dialogue: DialogueState | undefined, orderId: string, last?: DialogueState['last']): DialogueState {
  const d = dialogue ?? emptyDialogue();
  const order = d.order && canonicalId(d.order.id) === canonicalId(orderId) ? d.order : { id: orderId };
  return { ...d, order, ...(last ? { last } : {}) };
}

/**
 * Whether a skill can use an order: one of its tools looks at orders. A bare verification that
 * stays with the active skill only as a follow-up (an order number and an e-mail after a product list) is not a
 * request to that skill when it cannot (after "send me your order number" from warranty, it is).
 */
function seesOrders(set: SkillSet, skillId: string, tools: ToolRegistry): boolean {
  const skill = set.skills.get(skillId);
  return skill !== undefined && skill.manifest.tools.some((name) => tools.get(name)?.readsOrders === true);
}

/** The skill that answers an order given with nothing asked (its manifest's `orderLookup`), if the set has one. */
function orderLookupSkill(set: SkillSet): string | null {
  for (const skill of set.skills.values()) if (skill.manifest.orderLookup) return skill.manifest.id;
  return null;
}

/** Bound on the order numbers remembered per conversation. */
const MAX_NAMED_ORDERS = 10;

function previousTurn(history: StoredMessage[]): { customer: string; bot?: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role !== 'customer') continue;
    const reply = history.slice(i + 1).find((r) => r.role === 'bot' || r.role === 'agent');
    return { customer: m.text, bot: reply?.text };
  }
  return undefined;
}

/** The id of the last message the turn read (null: the history was empty); undefined when it read none at all. */
function lastRead(loaded: readonly StoredMessage[], limit: number): string | null | undefined {
  return limit > 0 ? (loaded.at(-1)?.id ?? null) : undefined;
}

/** The conversation's remembered order numbers plus this message's, newest last, capped. */
function withNamedOrders(cur: Conversation, found: readonly string[]): string[] | undefined {
  if (found.length === 0) return cur.namedOrders;
  const kept = (cur.namedOrders ?? []).filter((o) => !found.includes(o));
  return [...kept, ...found].slice(-MAX_NAMED_ORDERS);
}

/**
 * The conversation as this message's speaker may act on it. Where several people write in one
 * conversation (a Slack thread, a Teams group chat), the verified customer, their pending
 * proposal and the verification the bot asked them for belong to the speaker who verified:
 * anyone else reads it as unverified, cannot confirm the proposal, and cannot verify there (a
 * conversation binds one customer for its lifetime). Null when the speaker is that customer or
 * nobody is bound.
 */
function asOtherSpeaker(conversation: Conversation, speaker: string | undefined): Conversation | null {
  const bound = conversation.customer?.speaker;
  if (bound === undefined || bound === speaker) return null;
  return { ...conversation, customer: undefined, proposal: undefined, verification: undefined };
}

/**
 * One customer message, run under the conversation lock (see answer-once.ts): load the
 * conversation and history, replay a message answered already, store the message, then in
 * order: an agent owner (silence), the identity step, a pending proposal, routing, the answer.
 */
export async function runTurn(ctx: EngineContext, msg: InboundMessage, sink?: TurnSink, snapshot?: ConversationSnapshot): Promise<TurnResult> {
  const { deps, store, clock } = ctx;
  const started = clock.now();
  // Read by the step that took the lock (`snapshot`), else read together: one round trip to
  // Redis either way (a new conversation simply has no history yet).
  const [stored, loaded] = await Promise.all([
    conversationForTurn(store, msg, msg.receivedAt ?? started, snapshot),
    snapshot ? snapshot.messages : store.getMessages(msg.conversationId, { limit: ctx.opts.historyForPrompt }),
  ]);
  const otherSpeaker = asOtherSpeaker(stored, msg.speaker);
  const conversation = otherSpeaker ?? stored;
  const { answered, resent, history } = historyForTurn(loaded, msg.id);
  if (answered) return replayDuplicate(store, msg, snapshot);
  const storeCustomer = (m: StoredMessage) =>
    resent ? store.replaceMessage(conversation.id, m).then(() => undefined) : store.appendMessage(conversation.id, m);
  const ordersInMessage = identifiersIn(msg.text, deps.commerce.storeInfo().identifiers.order);
  // The transcript keeps no e-mail, card or phone number as typed; this turn still reads the words themselves.
  const customer: CustomerMessage = { id: msg.id, role: 'customer', text: ctx.maskText(msg.text), at: msg.receivedAt ?? started };
  const observe = (route: RouteDecision | null, reply: BotReply | null, handoff = false) => {
    if (!deps.observer) return;
    const observation: TurnObservation = {
      channel: msg.channel,
      conversationId: conversation.id,
      messageId: customer.id,
      ...(route ? { confidence: route.confidence } : {}),
      handoff,
      skill: reply?.skill ?? route?.skill ?? null,
      variant: reply?.variant,
      method: route?.method ?? null,
      offline: reply?.offline ?? false,
      status: reply?.status ?? 'human',
      durationMs: clock.now() - started,
      cost: reply?.cost,
      flags: reply?.flags ?? [],
    };
    // Metrics and insights counters are written after the reply, with the turn's events.
    const observer = deps.observer;
    ctx.afterReply(() => observer.onTurn(observation));
  };
  const done = (route: RouteDecision | null, result: { reply: BotReply | null; mode: TurnResult['mode'] }): TurnResult => ({
    conversationId: conversation.id,
    duplicate: false,
    route,
    reply: result.reply,
    mode: result.mode,
  });
  /** Routes this turn by code (identity, proposal) rather than the router. */
  const sticky = (skill: string, note: string): RouteDecision => {
    const route: RouteDecision = { skill, confidence: 1, method: 'sticky', reason: { note } };
    customer.route = route;
    sink?.onRoute?.(route);
    return route;
  };
  /** This turn's changes to the conversation for the customer's message. */
  const customerUpdate =
    (patch: (cur: Conversation) => Partial<Conversation>) =>
    (cur: Conversation): Conversation => ({
      ...cur,
      ...patch(cur),
      updatedAt: customer.at,
      namedOrders: withNamedOrders(cur, ordersInMessage),
      lastMessage: { role: 'customer', text: customer.text, at: customer.at },
    });
  /**
   * Stores the customer's message and this turn's conversation changes in one update, on the
   * conversation the turn started on only.
   */
  const recordCustomer = async (patch: (cur: Conversation) => Partial<Conversation> = () => ({})): Promise<Conversation> => {
    // A new message is appended in the conversation's own update (one store step); a resent one is replaced first.
    if (resent) await storeCustomer(customer);
    const updated = await store.updateConversation(
      conversation.id,
      sameConversation(conversation.createdAt, customerUpdate(patch)),
      resent ? {} : { append: () => customer },
    );
    // Erased (or gone) since the turn started: no model call for a conversation that no longer exists.
    if (!updated) throw await goneError(store, conversation.id);
    ctx.publish({ type: 'message', conversationId: conversation.id, message: customer });
    return updated;
  };

  if (conversation.mode === 'human') {
    // Stored already (an agent owns the conversation, so no reply is missing): nothing more to do.
    if (resent) return replayDuplicate(store, msg);
    ctx.publish({ type: 'conversation', conversation: await recordCustomer() });
    observe(null, null);
    return done(null, { reply: null, mode: 'human' });
  }

  // Who the customer is and what a pending proposal means are decided here, in code, before any routing.
  // What the customer asks is read without e-mail addresses; only the identity step reads them.
  const asked = withoutEmails(msg.text);
  // The identity step's own replies are in the customer's language: this message's (its e-mail
  // addresses blanked, so a bare address keeps the conversation's), else the conversation's.
  const pack = deps.locales.get(ctx.turnLanguage(asked, conversation.dialogue?.language));
  const identity = otherSpeaker ? ({ kind: 'none' } as const) : await identityStep({
    conversation,
    text: msg.text,
    ordersInMessage,
    clientKey: msg.clientKey,
    commerce: deps.commerce,
    limits: deps.verification,
    now: clock.now(),
  });
  const verifyingSkill = conversation.verification?.skill ?? conversation.activeSkill ?? OUT_OF_SCOPE;
  if (identity.kind === 'unavailable') {
    // The check could not be made: nothing is counted against the customer, the request stays pending.
    const route = sticky(verifyingSkill, 'order verification: the order system did not answer');
    const after = await recordCustomer();
    const result = await fixedReply(ctx, {
      conversation: after,
      customer,
      route,
      text: pack.replies.commerce_unavailable,
      sink,
      flags: ['commerce_unavailable'],
      attachments: { offerHuman: true },
    });
    observe(route, result.reply);
    return done(route, result);
  }
  if (identity.kind === 'failed' || identity.kind === 'locked') {
    const locked = identity.kind === 'locked';
    const route = sticky(verifyingSkill, locked ? 'order verification: too many attempts' : 'order verification failed');
    const after = await recordCustomer();
    const result = await fixedReply(ctx, {
      conversation: after,
      customer,
      route,
      text: locked ? pack.replies.verify_locked : pack.replies.verify_failed,
      sink,
      ...(locked ? { flags: ['verification_failed' as const, 'asked_for_human' as const], escalate: true } : {}),
    });
    observe(route, result.reply, locked);
    return done(route, result);
  }

  let text = asked;
  let preface: string | undefined;
  let forced: RouteDecision | null = null;
  let patch: (cur: Conversation) => Partial<Conversation> = () => ({});
  if (identity.kind === 'verified') {
    const pending = conversation.verification;
    preface = pack.replies.verified;
    const viaOrder = identity.order;
    // The request that asked for verification continues only when it was about the order just
    // verified (or named none): verified with another order, the customer is answered about that one.
    const sameOrder = !pending?.orderId || !viaOrder || canonicalId(pending.orderId) === canonicalId(viaOrder);
    if (pending && pending.request.trim() && sameOrder) {
      text = withoutEmails(pending.request);
      forced = { skill: pending.skill, confidence: 1, method: 'sticky', reason: { note: 'continuing the request that needed verification' } };
    }
    const verified = msg.speaker === undefined ? identity.customer : { ...identity.customer, speaker: msg.speaker };
    patch = (cur) => ({
      // A guest proving one more order: the same customer, now covering it too (identity-step.ts).
      // Matched as the identity step matches (store id, else e-mail): a lapsed signed-in shopper
      // proving an order placed under an older e-mail is that customer, verified again.
      customer: cur.customer && !sameCustomer(cur.customer, verified) ? cur.customer : verified,
      verification: undefined,
      proposal: undefined,
      // The order just proved is the one the conversation is about (not one an earlier, refused lookup left in focus).
      ...(viaOrder ? { dialogue: focusedOn(cur.dialogue, viaOrder) } : {}),
    });
  } else if (conversation.proposal) {
    const proposal = conversation.proposal;
    const decision = proposalDecision(proposal, msg.text, deps.locales, clock.now());
    const confirmingCustomer = currentCustomer(conversation.customer, clock.now());
    if (decision.kind !== 'other' && confirmingCustomer) {
      const route = sticky(proposal.skill, `reply to a pending ${proposal.kind} proposal: ${decision.kind}`);
      const afterProposal = await recordCustomer(() => ({ proposal: undefined }));
      const answerPack = deps.locales.get(decision.language);
      let replyText: string;
      let failed = false;
      let tools: ToolCallRecord[] = [];
      if (decision.kind === 'confirm') {
        const ranAt = performance.now();
        const result = await runProposal({
          proposal,
          customer: confirmingCustomer,
          commerce: deps.commerce,
          store,
          clock,
          conversationId: conversation.id,
          confirmedBy: { kind: 'customer_message' },
          retentionSeconds: deps.auditRetentionSeconds,
        });
        tools = [confirmedActionRecord(proposal, result, performance.now() - ranAt)];
        replyText = renderActionResult(result, answerPack);
        failed = result.outcome === 'failed';
      } else {
        replyText = decision.kind === 'expired' ? answerPack.replies.proposal_expired : answerPack.replies.proposal_declined;
      }
      // An action that could not run (order system down) leaves a person on offer.
      const result = await fixedReply(ctx, { conversation: afterProposal, customer, route, text: replyText, sink, tools, ...(failed ? { attachments: { offerHuman: true } } : {}) });
      observe(route, result.reply);
      return done(route, result);
    }
    // Anything else lets the proposal lapse: it is never run on a later, unrelated "yes".
    patch = () => ({ proposal: undefined });
  }

  // A follow-up pointing back at what the dialogue state holds stays with the skill that showed it.
  const followUpLanguage = ctx.turnLanguage(text, conversation.dialogue?.language);
  if (!forced && conversation.activeSkill && deps.offline.pointsBack?.({ text, dialogue: conversation.dialogue, language: followUpLanguage })) {
    forced = { skill: conversation.activeSkill, confidence: 1, method: 'sticky', reason: { note: 'a follow-up pointing back at what the conversation showed' } };
  }
  const routeText = (t: string) =>
    deps.router.route(t, {
      activeSkill: conversation.activeSkill,
      previousTurn: previousTurn(history),
      unclearStreak: conversation.unclearStreak,
      language: followUpLanguage,
    });
  let route = forced ?? (await routeText(text));
  const focus = conversation.dialogue?.order?.id;
  if (!forced && identity.kind === 'none' && conversation.customer && focus && conversation.dialogue?.last?.step === VERIFIED_ASK_STEP && asksNothing(route)) {
    // The answer to "order X is yours: what would you like to know or do about it?" is about
    // order X ("where is it?"): it goes to the skill that handles orders the router ranks next,
    // else to the one the message names once read with the order's number.
    const set = deps.skills.current();
    const next = route.runnerUp && seesOrders(set, route.runnerUp.skill, deps.tools) ? route.runnerUp : null;
    const withOrder = next ?? (await routeText(`${text} ${focus}`));
    if (withOrder.skill !== OUT_OF_SCOPE && seesOrders(set, withOrder.skill, deps.tools)) {
      route = { skill: withOrder.skill, confidence: withOrder.confidence, method: 'sticky', reason: { note: 'a follow-up to the order just verified' } };
    }
  }
  // Verified with nothing asked: the words besides the order number and e-mail ask for nothing.
  // A route that found nothing is enough; one that found a question the store does not handle
  // ("… what's the weather tomorrow?") or a follow-up to a skill that cannot use orders needs the
  // message itself to hold nothing else.
  const bareWords = () => deps.offline.asksNothing?.({ text: withoutIdentifiers(asked, deps.commerce.storeInfo().identifiers.order, () => true) }) ?? true;
  const sticksElsewhere = route.method === 'sticky' && !seesOrders(deps.skills.current(), route.skill, deps.tools);
  if (identity.kind === 'verified' && !forced && (foundNothing(route) || ((asksNothing(route) || sticksElsewhere) && bareWords()))) {
    // The order number and its e-mail and nothing asked ("<order number> <e-mail>", pasted from the
    // confirmation): the skill set's order lookup answers it, as an order-status page would;
    // without one, the confirmation says which order is now theirs and asks what they need.
    const lookup = orderLookupSkill(deps.skills.current());
    const orderId = identity.order;
    if (lookup) {
      route = { skill: lookup, confidence: 1, method: 'sticky', reason: { note: 'an order verified with nothing asked: the order lookup answers it' } };
    } else if (orderId) {
      route = sticky(OUT_OF_SCOPE, 'an order verified with nothing asked: confirmed, and what do they need');
      const verifiedPatch = patch;
      const after = await recordCustomer((cur) => {
        const changes = verifiedPatch(cur);
        return { ...changes, dialogue: focusedOn(changes.dialogue ?? cur.dialogue, orderId, { skill: OUT_OF_SCOPE, step: VERIFIED_ASK_STEP }) };
      });
      const result = await fixedReply(ctx, { conversation: after, customer, route, text: fillTemplate(pack.replies.verified_ask, { order: orderId }), sink });
      observe(route, result.reply);
      return done(route, result);
    }
  }
  customer.route = route;
  sink?.onRoute?.(route);
  // A new message is written with the turn's first conversation write, normally the reply's
  // commit (one compare-and-set for both; issue 20); the turn works on the conversation as that
  // write will leave it. A resent one (its first turn was cut) is stored again first, as before.
  const customerWrite: CustomerWrite | undefined = resent ? undefined : { message: customer, update: customerUpdate(patch), after: lastRead(loaded, ctx.opts.historyForPrompt) };
  const after = customerWrite ? customerWrite.update(conversation) : await recordCustomer(patch);

  const result = await respond(ctx, { conversation: after, customer, customerWrite, history, route, sink, text, preface, requestsHuman: msg.requestsHuman });
  observe(route, result.reply, result.escalated);
  return done(route, result);
}
