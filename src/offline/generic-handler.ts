import type { SkillAnswer } from '../core/skill.js';
import type { OfflineTurn } from './offline-turn.js';
import { lookUpOrder } from './order-lookup.js';
import { orderStatusHandler } from './order-status-handler.js';
import { recommendHandler } from './recommend-handler.js';
import { firstSentence, humanize, listing, longDate } from './reply-text.js';
import { returnsHandler } from './returns-handler.js';
import { warrantyHandler } from './warranty-handler.js';

/**
 * Any skill without its own handler (a new folder under skills/ needs no code): act
 * with the tools it lists, the way the built-in skill owning those tools would, and
 * otherwise describe the skill from its manifest and offer a person.
 */
export async function genericHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { manifest } = turn.skill;
  if (turn.can('check_return_eligibility') || turn.can('start_return')) return returnsHandler(turn);
  if (turn.can('check_warranty') || turn.can('open_warranty_claim')) return warrantyHandler(turn);
  if (turn.can('search_products')) return recommendHandler(turn);
  if (turn.can('get_order_status') || turn.can('cancel_order')) return orderStatusHandler(turn);

  const info = turn.commerce.storeInfo();
  const about = `${manifest.title}: ${firstSentence(manifest.description)}`;
  if (turn.can('get_order')) {
    const facts = await lookUpOrder(turn);
    if (facts.order) {
      const o = facts.order;
      const state = o.delivered_on ? `was delivered on ${longDate(o.delivered_on)}` : `is ${humanize(o.status)} (placed on ${longDate(o.placed_on)})`;
      return turn.answer(
        `Order ${o.id} ${state} and contains ${listing(o.items.map((i) => `${i.quantity} x ${i.name}`))}. ` +
          `For ${manifest.title.toLowerCase()}, a member of our team can take it from here. Would you like me to connect you?`,
        { offerHuman: true },
      );
    }
  }
  return turn.answer(
    `I can help with ${about} I can't look into this fully right now, but our team can (${info.supportHours}, ${info.supportEmail}). Would you like me to connect you with a person?`,
    { offerHuman: true },
  );
}
