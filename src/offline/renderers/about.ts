import type { OrderResult } from '../tool-shapes.js';
import type { OrderSlot } from '../slots.js';
import { andWord, firstSentence, humanize, listing, longDate, type Renderer } from './render-kit.js';

/** What the bot can do, from the tools the registry offers, so a store without returns tools does not promise returns. */
export const capabilities: Renderer = async ({ turn }) => {
  const names = new Set(turn.toolNames());
  const out: string[] = [];
  if (names.has('search_products')) out.push(turn.say('can_products'));
  if (names.has('check_return_eligibility') || names.has('get_return_policy')) out.push(turn.say('can_returns'));
  if (names.has('check_warranty') || names.has('get_warranty_terms')) out.push(turn.say('can_warranty'));
  return { text: out.length ? listing(out, andWord(turn)) : turn.say('can_default') };
};

/** A skill described from its manifest (title and first sentence of its description). */
export const skillAbout: Renderer = async ({ turn }) => ({ text: `${turn.skill.manifest.title}: ${firstSentence(turn.skill.manifest.description)}` });

/** get_order: an order's state and items, for skills that only read orders. */
export const orderSummary: Renderer = async ({ turn, slots }) => {
  const o = ((await slots.get('order')) as OrderSlot | null)?.order as OrderResult['order'] | null | undefined;
  if (!o) return null;
  const state = o.delivered_on
    ? turn.say('order_delivered_on', { date: longDate(o.delivered_on, turn.language) })
    : turn.say('order_state', { status: turn.say(`order_status_${o.status}`) || humanize(o.status), date: longDate(o.placed_on, turn.language) });
  return { text: turn.say('order_summary', { order: o.id, state, items: listing(o.items.map((i) => `${i.quantity} x ${i.name}`), andWord(turn)) }), attachments: { offerHuman: true } };
};
