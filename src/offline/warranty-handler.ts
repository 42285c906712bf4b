import type { SkillAnswer } from '../core/skill.js';
import { termLength } from '../commerce/warranty-rules.js';
import { guessCategory, guessProducts } from './category-guess.js';
import { cues, OFFER } from './intent-cues.js';
import { codesIn, firstFound } from './message-facts.js';
import { askedFor, itemList, lastSubstantive, lookUpOrder } from './order-lookup.js';
import type { OfflineTurn } from './offline-turn.js';
import { categoryLabel } from './category-labels.js';
import { listing, numbered } from './reply-text.js';
import type { ClaimResult, TermsResult, WarrantyResult } from './tool-shapes.js';

const ORDER_HINT = 'your order number (it is in your order confirmation email)';
const EXTENDED = /\b(?:extend(?:ed)?|extra|additional|longer|protection plan|care plan|cover more)\b/i;

/** "blender" -> "blenders", "mattress" -> "mattresses"; words already plural stay. */
function plural(word: string): string {
  if (/(?:es|[^s]s)$/.test(word)) return word;
  return /(?:s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}

const capital = (s: string): string => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);

function coverLine(w: { covers: string[]; excludes: string[] }): string {
  const parts: string[] = [];
  if (w.covers.length) parts.push(`It covers ${listing(w.covers.slice(0, 3))}`);
  if (w.excludes.length) parts.push(`not ${listing(w.excludes.slice(0, 2))}`);
  return parts.length ? `${parts.join(', but ')}.` : '';
}

const duration = (n: number): string => (n % 12 === 0 && n >= 24 ? `${n / 12} years` : `${n} months`);

/** "a 2-year warranty", or "a warranty of 12 months to 2 years" across the matching models. */
function warrantyRange(months: readonly number[]): string {
  const min = Math.min(...months);
  const max = Math.max(...months);
  return min === max ? `a ${termLength(min)} warranty` : `a warranty of ${duration(min)} to ${duration(max)}`;
}

async function termsAnswer(turn: OfflineTurn, sorry: string): Promise<SkillAnswer> {
  const { conv, commerce } = turn;
  const extended = EXTENDED.test(conv.text);
  // "Do you offer extended protection?" is about the offer, not about the product talked of before.
  const guess = (await guessProducts(commerce, conv.text)) ?? (extended ? null : await guessProducts(commerce, conv.earlier.slice(0, 2).join(' ')));
  const terms = await turn.call<TermsResult>('get_warranty_terms', guess ? { category: guess.category } : {});
  if (extended && terms?.extended_offer) {
    return turn.answer(`Yes. ${terms.extended_offer} It comes on top of the manufacturer warranty, which counts from delivery.\nSend me ${ORDER_HINT} and I can check the warranty on your item.`);
  }
  if (terms?.found && terms.category && terms.months === 0) {
    return turn.answer(`${sorry}${capital(categoryLabel(commerce, terms.category).toLowerCase())} don't carry a warranty. If something is wrong with one, send me ${ORDER_HINT} and I'll ask our team to look into it.`);
  }
  if (terms?.found && terms.category && terms.months !== undefined) {
    const covered = guess?.products.filter((p) => p.warrantyMonths > 0) ?? [];
    const length = covered.length
      ? `Our ${plural(guess!.word)} carry ${warrantyRange(covered.map((p) => p.warrantyMonths))} from delivery${new Set(covered.map((p) => p.warrantyMonths)).size > 1 ? ', depending on the model' : ''}.`
      : `${capital(categoryLabel(commerce, terms.category).toLowerCase())} carry a ${termLength(terms.months)} warranty from delivery (some models have a longer one).`;
    return turn.answer(
      `${sorry}${length} ${coverLine({ covers: terms.covers ?? [], excludes: terms.excludes ?? [] })}\n` +
        `To check yours and open a claim, send me ${ORDER_HINT} and tell me what's wrong.`,
    );
  }
  if (terms?.found) {
    const examples = Object.entries(terms.months_by_category ?? {})
      .slice(0, 4)
      .map(([c, m]) => `${categoryLabel(commerce, c).toLowerCase()} ${m} months`);
    return turn.answer(
      `${sorry}The warranty depends on the product${examples.length ? ` (for example ${listing(examples)})` : ''} and counts from delivery.\n` +
        `Send me ${ORDER_HINT} and tell me what's wrong, and I'll check your coverage.`,
    );
  }
  return turn.answer(`${sorry}Send me ${ORDER_HINT} and tell me what's wrong, and I'll check your coverage.`);
}

/**
 * Warranty: check coverage for an order item (or a product by SKU), say how to claim,
 * and open a claim only when the customer asked for one and the order, the item and
 * the fault are all known.
 */
export async function warrantyHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv } = turn;
  const fault = lastSubstantive(turn, cues.describesFault);
  const sorry = fault && cues.describesFault(conv.text) ? "Sorry to hear that! " : '';
  const facts = await lookUpOrder(turn);

  if (facts.orderId) {
    // The engine asks for the e-mail in the customer's language (the tool recorded the request).
    if (facts.verificationNeeded) return turn.answer('');
    if (!facts.order) return turn.answer(`I couldn't find order ${facts.orderId}. Could you double-check the number? It's in your order confirmation email.`);
    const { order, item } = facts;
    const wants = askedFor(turn, cues.wantsClaim);
    if (!item && order.items.length > 1) {
      await turn.call<WarrantyResult>('check_warranty', { order_id: order.id });
      return turn.answer(`${sorry}${OFFER.askItem} from order ${order.id} is it about: ${itemList(order.items)}?`);
    }
    if (!item) return turn.answer(`I couldn't tell which item you mean. ${OFFER.askItem} from order ${order.id} is it about?`);
    const status = await turn.call<WarrantyResult>('check_warranty', { order_id: order.id, sku: item.sku });
    if (!status) return turn.answer(`I couldn't check the warranty just now. Please try again in a moment, or ask for a member of our team.`, { offerHuman: true });

    if (status.open_claim_id) {
      return turn.answer(`${status.explanation} Our team will be in touch about claim ${status.open_claim_id}; you'll find the next steps in the claim email.`);
    }
    if (status.covered) {
      // A described fault on a covered item is proposed at once; nothing is opened until the customer confirms.
      if (fault && turn.can('open_warranty_claim')) {
        const claim = await turn.call<ClaimResult>('open_warranty_claim', { order_id: order.id, sku: item.sku, issue: fault });
        if (claim?.proposed) return turn.answer(`${sorry}${status.explanation} ${coverLine(status)}\n${OFFER.openClaim} for it? Reply yes to confirm.`);
        if (claim && !claim.proposed && claim.explanation) return turn.answer(claim.explanation);
      }
      if (wants && !fault) return turn.answer(`${status.explanation} ${OFFER.askIssue}? Once you describe the problem I'll open the claim.`);
      return turn.answer(`${status.explanation} ${coverLine(status)}\nIf something is wrong with it, tell me what's happening and I can open a claim.`);
    }
    const next = new Map<string, string>([
      ['expired', 'Our team can still look at a paid repair. Would you like me to connect you with a person?'],
      ['no_warranty', 'If it arrived faulty, it may still be returnable; a member of our team can help.'],
    ]).get(status.reason);
    return turn.answer(`${sorry}${status.explanation}${next ? ` ${next}` : ''}`, status.reason === 'expired' ? { offerHuman: true } : undefined);
  }

  // A SKU named now, or earlier when this message names no other product ("and what does it cover?").
  const ownSku = facts.codes.skus[0] ?? null;
  const talksAboutOther = !ownSku && (EXTENDED.test(conv.text) || (await guessCategory(turn.commerce, conv.text)) !== null);
  const named = ownSku ? null : (await guessProducts(turn.commerce, conv.text))?.specific?.sku ?? null;
  const sku = ownSku ?? named ?? (talksAboutOther ? null : await firstFound(conv, async (t) => (await codesIn(t, turn.commerce)).skus[0] ?? null));
  if (sku && turn.can('check_warranty')) {
    const status = await turn.call<WarrantyResult>('check_warranty', { sku });
    if (status && status.reason !== 'product_not_found') {
      const ask = /order number/i.test(status.explanation) ? '' : `\nTo make a claim, send me ${ORDER_HINT} and tell me what's wrong.`;
      return turn.answer(`${sorry}${status.explanation} ${coverLine(status)}${ask}`);
    }
  }
  return termsAnswer(turn, sorry);
}
