import { ownValue } from '../../core/own-keys.js';
import { OUT_OF_SCOPE } from '../../core/skill.js';
import type { OrderResult } from '../tool-shapes.js';
import type { OrderSlot } from '../slots.js';
import { andWord, firstSentence, humanize, listing, longDate, type Renderer } from './render-kit.js';

/** Offers listed at most, so a deployment with many skills keeps the answer short. */
const MAX_OFFERS = 6;
/** The help-article search every skill may list: it says nothing about what a skill itself can do. */
const KNOWLEDGE_TOOL = 'search_knowledge';

/**
 * What the bot can do, from the skills loaded: each skill's `offer` (in the customer's language
 * from `offers`, else "help with <its title>"), so a new skill folder appears here with no code.
 * A skill whose tools this deployment does not offer is left out, so nothing is promised that
 * cannot be done.
 */
export const capabilities: Renderer = async ({ turn }) => {
  const tools = new Set(turn.toolNames());
  const lang = turn.language;
  const out: string[] = [];
  for (const s of turn.skills()) {
    const m = s.manifest;
    const skillTools = m.tools.filter((t) => t !== KNOWLEDGE_TOOL);
    if (m.id === OUT_OF_SCOPE || (skillTools.length > 0 && !skillTools.some((t) => tools.has(t)))) continue;
    const offered = lang && m.offers ? ownValue(m.offers, lang) : undefined;
    const title = lang ? turn.skillTitle(m) : undefined;
    // A customer in another language gets that language: the skill's offer there, else its title there, else the offer as written.
    const line = offered ?? (title ? turn.say('can_skill', { title }) : m.offer ?? turn.say('can_skill', { title: m.title.toLowerCase() }));
    if (line && out.length < MAX_OFFERS) out.push(line);
  }
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
