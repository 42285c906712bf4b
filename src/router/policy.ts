import type { RouteContext, RouteDecision } from '../core/route.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { continuesInContext, isFollowUp, type FollowUpWords } from './follow-up.js';
import { defaultRouterLanguage } from './router-language.js';
import type { LocalClassification } from './local-classifier.js';
import { hasOwnKey, ownValue } from '../core/own-keys.js';

/**
 * The routing ladder around the local classifier (docs/architecture.md):
 *   confident local route  ->  (model router, in create-router.ts)  ->  sticky / clarify / fallback.
 * Everything here is a pure function of the classification and the conversation context,
 * so it can be tested and replayed by the eval without a model.
 */
export interface PolicyOptions {
  /** At or above this local confidence the classifier's route is taken as is. */
  threshold: number;
  /**
   * With no model to ask, a message between this and `threshold` is still routed by the
   * local classifier; below it the customer gets a clarifying question. (With a model,
   * everything under `threshold` goes to the model first.)
   */
  clarifyBelow: number;
  /**
   * Unclear turns in a row (RouteContext.unclearStreak) after which an unclear message is
   * routed to `other` with an offer of a human instead of another clarifying question.
   */
  maxClarify: number;
  /**
   * Out-of-scope detection: a message the local classifier gives to `other` with at least
   * this confidence (but below `threshold`) is answered as out of scope without asking the
   * model. The default, 0.5, means `other` holds the majority of the probability. That reply
   * says what the bot can do and offers a person, so a wrong "other" costs the customer one
   * rephrasing, and the model is kept for the skill-vs-skill questions it is needed for: on
   * the HINT3 store logs this takes the model's share of messages from about 21% to 13-14%,
   * and about 4 in 5 of the messages it answers this way are indeed out of scope.
   */
  outOfScopeAt: number;
  /**
   * With no model to ask, a skill route under `threshold` must lead the out-of-scope reply
   * clearly: when p(other) is at least this share of the route's own probability, the
   * message gets the out-of-scope reply (what the bot can do, and a person) instead of a
   * skill answering what is as likely a question the store does not handle. 0.8 was chosen
   * on the HINT3 and CLINC train files (no change on SOFMattress, +2 messages merged and +6
   * with order_status on Curekart; 0.7 and below cost SOFMattress train messages).
   */
  outOfScopeShare: number;
  /** The locale packs' follow-up words; the router passes its own, absent means the repository's packs (tests, tools). */
  language?: FollowUpWords;
}

const followUpWords = (opts: PolicyOptions): FollowUpWords => opts.language ?? defaultRouterLanguage();

export const defaultPolicyOptions: Omit<PolicyOptions, 'threshold'> = { clarifyBelow: 0.5, maxClarify: 1, outOfScopeAt: 0.5, outOfScopeShare: 0.8 };

/** The skill a follow-up may stick to: a real skill that answered the last turn clearly. */
export function establishedSkill(c: LocalClassification, ctx: RouteContext): string | null {
  const active = ctx.activeSkill;
  if (!active || active === OUT_OF_SCOPE || !hasOwnKey(c.scores, active)) return null;
  // After a clarifying question the "active" skill was only a guess.
  if ((ctx.unclearStreak ?? 0) > 0) return null;
  return active;
}

export function localDecision(c: LocalClassification): RouteDecision {
  return { skill: c.skill, confidence: c.confidence, method: 'local', runnerUp: c.runnerUp, reason: c.reason };
}

function sticky(c: LocalClassification, active: string, why: string): RouteDecision {
  // "Not confidently elsewhere": the probability that the message does not belong to the
  // strongest competing skill, or the active skill's own share if that is higher.
  let competitor = 0;
  for (const [skill, p] of Object.entries(c.scores)) if (skill !== active && p > competitor) competitor = p;
  const confidence = Math.max(ownValue(c.scores, active) ?? 0, 1 - competitor);
  return {
    skill: active,
    confidence,
    method: 'sticky',
    runnerUp: c.skill === active ? c.runnerUp : { skill: c.skill, confidence: c.confidence },
    reason: { ...c.reason, note: `${why}; stays with the active skill "${active}"` },
  };
}

/**
 * Step 1, before any model call: a confident local route, or a follow-up that stays with
 * the active skill. Returns null when the message is unclear and the model (if any)
 * should be asked.
 */
export function decideBeforeModel(
  c: LocalClassification,
  ctx: RouteContext,
  opts: PolicyOptions,
  withPrevious?: LocalClassification | null,
  withReferent?: LocalClassification | null,
): RouteDecision | null {
  const active = establishedSkill(c, ctx);
  const lang = followUpWords(opts);
  const followUp = active !== null && isFollowUp(c, lang);
  if (active && c.skill !== active && followUp) return sticky(c, active, 'a short follow-up with no request of its own');
  // "how much is it?" after a harness asks the harness's price: read about that object, the
  // message still belongs to the active skill. "can I return it?" reads as a return: it leaves.
  if (active && c.skill !== active && withReferent && withReferent.skill === active && withReferent.confidence >= opts.clarifyBelow) {
    // Its confidence is the reading about the object's, not the message's alone.
    return { ...sticky(c, active, `points back at the previous message's object (${withReferent.skill} ${withReferent.confidence.toFixed(2)})`), confidence: withReferent.confidence };
  }
  if (active && c.skill !== active && withPrevious && continuesInContext(c, withPrevious, active, lang)) {
    return sticky(c, active, `read with the previous message it continues the topic (${withPrevious.skill} ${withPrevious.confidence.toFixed(2)})`);
  }
  if (c.confidence >= opts.threshold) return localDecision(c);
  if (active && followUp) return sticky(c, active, 'an unclear follow-up');
  if (c.skill === OUT_OF_SCOPE && c.confidence >= opts.outOfScopeAt && !(active && (ownValue(c.scores, active) ?? 0) >= c.confidence / 2)) {
    return { ...localDecision(c), reason: { ...c.reason, note: `out of scope at ${c.confidence.toFixed(2)} (>= ${opts.outOfScopeAt}): answered without the model` } };
  }
  return null;
}

/**
 * A size or spec word ("length", "inches", "dimensions") with no general-knowledge topic in the
 * message: in a shop's chat that asks about what the shop sells (features.ts reads it as
 * store-related for the same reason), so a skill that leads keeps the message even when
 * `other` is nearly as likely. "Length" alone was sent out of scope at product 0.50 / other 0.47.
 */
function asksSpecOfGoods(c: LocalClassification): boolean {
  return c.concepts.includes('SPEC') && !c.concepts.includes('WORLD') && !c.concepts.includes('TOPIC');
}

/** Step 3, when the local classifier is unsure and no model answered. */
export function decideWithoutModel(c: LocalClassification, ctx: RouteContext, opts: PolicyOptions): RouteDecision {
  const active = establishedSkill(c, ctx);
  const leaning = c.confidence >= Math.min(opts.clarifyBelow, opts.threshold);
  // Stay unless the message leans, on its own, towards another skill ("never mind, which
  // armchair would match it?" after a return): that is not a follow-up.
  if (active && (c.skill === active || !leaning || isFollowUp(c, followUpWords(opts)))) {
    return sticky(c, active, `not confidently elsewhere (${c.skill} ${c.confidence.toFixed(2)})`);
  }
  // Unsure, and nothing in the message is about the store (no product, order, refund,
  // repair, delivery... word): the out-of-scope reply, which says what the bot can do and
  // offers a person, costs less than a skill answering the wrong question.
  if (!c.retailSignal && c.skill !== OUT_OF_SCOPE && OUT_OF_SCOPE in c.scores) {
    return {
      skill: OUT_OF_SCOPE,
      confidence: c.scores[OUT_OF_SCOPE] ?? 0,
      method: 'local',
      runnerUp: { skill: c.skill, confidence: c.confidence },
      reason: { ...c.reason, note: `unsure (${c.skill} ${c.confidence.toFixed(2)}) and nothing store-related in the message: out of scope` },
    };
  }
  const outOfScope = ownValue(c.scores, OUT_OF_SCOPE);
  if (c.skill !== OUT_OF_SCOPE && outOfScope !== undefined && outOfScope >= opts.outOfScopeShare * c.confidence && !asksSpecOfGoods(c)) {
    return {
      skill: OUT_OF_SCOPE,
      confidence: outOfScope,
      method: 'local',
      runnerUp: { skill: c.skill, confidence: c.confidence },
      reason: {
        ...c.reason,
        note: `unsure (${c.skill} ${c.confidence.toFixed(2)}) and nearly as likely out of scope (${outOfScope.toFixed(2)} >= ${opts.outOfScopeShare} x ${c.confidence.toFixed(2)}): out of scope`,
      },
    };
  }
  if (leaning) {
    return { ...localDecision(c), reason: { ...c.reason, note: `below the model threshold (${opts.threshold}) with no model to ask: best local route` } };
  }
  if ((ctx.unclearStreak ?? 0) >= opts.maxClarify) {
    return {
      skill: OUT_OF_SCOPE,
      confidence: c.scores[OUT_OF_SCOPE] ?? 0,
      method: 'fallback',
      runnerUp: c.skill === OUT_OF_SCOPE ? c.runnerUp : { skill: c.skill, confidence: c.confidence },
      reason: { ...c.reason, note: `still unclear after ${ctx.unclearStreak} unclear turn(s): offer a human` },
    };
  }
  return {
    skill: c.skill,
    confidence: c.confidence,
    method: 'clarify',
    clarify: true,
    runnerUp: c.runnerUp,
    reason: { ...c.reason, note: `unsure (${c.skill} ${c.confidence.toFixed(2)} vs ${c.runnerUp.skill} ${c.runnerUp.confidence.toFixed(2)}): ask a clarifying question` },
  };
}
