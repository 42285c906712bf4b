/**
 * What a conversation is about, as data: written by tools and the offline runner at the end of
 * a turn, saved with the conversation in the engine's commit, read by the next turn. Follow-ups
 * ("the second one", "the cheaper one", "it", "how long does that take?") resolve against it,
 * never against the text of the bot's own replies. Every list is bounded (DIALOGUE_LIMITS).
 */

export type AttributeValue = string | number | boolean;

/** One product as it was shown to the customer, with the facts a follow-up may compare on. */
export interface ShownItem {
  sku: string;
  name: string;
  price: number;
  category: string;
  attributes: Record<string, AttributeValue>;
  inStock?: boolean;
  warrantyMonths?: number;
}

/** The order (and item of it) the conversation is about. */
export interface OrderFocus {
  id: string;
  sku?: string;
  itemName?: string;
}

/** What the last answer did: the skill, the playbook step and the tool whose result it gave. */
export interface LastStep {
  skill: string;
  step: string;
  tool?: string;
  /** The tool result's outcome code (eligible, expired, proposed...), for "what now?". */
  outcome?: string;
  /** The product category the answer was about, when there was one. */
  category?: string;
}

export interface DialogueState {
  /** The customer's language (ISO 639-1) as last detected. */
  language?: string;
  /** Items last shown, in the order shown. */
  shown: ShownItem[];
  /** The search that produced `shown` (customer words, capped), for refinements ("and in black?"). */
  query?: string;
  /** The product in focus (the one described or picked last). */
  focus?: ShownItem;
  order?: OrderFocus;
  /** Id of the proposal waiting for confirmation (the proposal itself is Conversation.proposal). */
  proposalId?: string;
  /** Slots the last answer asked for and still misses, with the skill that asked. */
  missing?: { skill: string; slots: string[] };
  last?: LastStep;
}

export const DIALOGUE_LIMITS = {
  shown: 5,
  attributes: 12,
  slots: 4,
  text: 200,
  value: 80,
} as const;

export const emptyDialogue = (): DialogueState => ({ shown: [] });

function clipItem(item: ShownItem): ShownItem {
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(item.attributes).slice(0, DIALOGUE_LIMITS.attributes)) {
    attributes[k.slice(0, DIALOGUE_LIMITS.value)] = typeof v === 'string' ? v.slice(0, DIALOGUE_LIMITS.value) : v;
  }
  return { ...item, name: item.name.slice(0, DIALOGUE_LIMITS.text), attributes };
}

/** The state with every list and text cut to its bound, so a conversation's state never grows. */
export function boundDialogue(d: DialogueState): DialogueState {
  return {
    ...d,
    shown: d.shown.slice(0, DIALOGUE_LIMITS.shown).map(clipItem),
    ...(d.query !== undefined ? { query: d.query.slice(0, DIALOGUE_LIMITS.text) } : {}),
    ...(d.focus ? { focus: clipItem(d.focus) } : {}),
    ...(d.missing ? { missing: { skill: d.missing.skill, slots: d.missing.slots.slice(0, DIALOGUE_LIMITS.slots) } } : {}),
  };
}
