import type { Commerce } from '../core/commerce.js';
import type { ToolCallRecord } from '../core/conversation.js';
import { boundDialogue, DIALOGUE_LIMITS, emptyDialogue, type DialogueState, type ShownItem } from '../core/dialogue-state.js';

/**
 * The dialogue state after a turn's tool calls: what the tools showed and looked at is what
 * the next turn can point back at. Used for model and offline answers alike (the engine saves
 * the result with the reply), so both paths keep the same thread. Reads tool results as data,
 * never the reply text.
 */

const rec = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, DIALOGUE_LIMITS.text) : undefined);

/** The item's full facts from the catalog (a search result lists a few attributes only). */
async function itemOf(commerce: Commerce, summary: Record<string, unknown>): Promise<ShownItem | null> {
  const sku = str(summary.sku);
  if (!sku) return null;
  const p = await commerce.getProduct(sku);
  if (!p) return null;
  return {
    sku: p.sku,
    name: p.name,
    price: p.price,
    category: p.category,
    attributes: { ...p.attributes },
    inStock: p.inStock,
    warrantyMonths: p.warrantyMonths,
  };
}

async function itemsOf(commerce: Commerce, list: unknown): Promise<ShownItem[]> {
  const out: ShownItem[] = [];
  if (!Array.isArray(list)) return out;
  for (const entry of list.slice(0, DIALOGUE_LIMITS.shown)) {
    const r = rec(entry);
    const item = r ? await itemOf(commerce, r) : null;
    if (item) out.push(item);
  }
  return out;
}

export async function dialogueAfterTools(input: {
  previous: DialogueState | undefined;
  tools: readonly ToolCallRecord[];
  commerce: Commerce;
  skill: string;
  language?: string | null;
  proposalId?: string | null;
  /** The products the reply showed, in its order (its attachments): what "the second one" counts in. */
  shown?: ReadonlyArray<{ sku: string }>;
}): Promise<DialogueState> {
  let d: DialogueState = { ...(input.previous ?? emptyDialogue()) };
  if (input.language) d.language = input.language;
  // A proposal lives for one customer message (Conversation.proposal); so does its reference here.
  delete d.proposalId;
  delete d.missing;
  for (const t of input.tools) {
    if (!t.ok) continue;
    const args = rec(t.arguments) ?? {};
    const result = rec(t.result);
    if (!result) continue;
    if (t.name === 'search_products' || t.name === 'compare_products') {
      const shown = await itemsOf(input.commerce, result.products ?? result.items);
      if (shown.length > 0) {
        d = { ...d, shown, focus: shown.length === 1 ? shown[0] : undefined, query: str(args.query) ?? d.query };
      }
    } else if (t.name === 'get_product') {
      const product = rec(result.product);
      const item = product && result.found !== false ? await itemOf(input.commerce, product) : null;
      if (item) d = { ...d, focus: item };
    } else {
      // Order tools: the order (and item) the conversation is now about.
      const order = rec(result.order);
      const id = str(args.order_id) ?? str(order?.id) ?? str(result.order_id);
      if (id) {
        const sku = str(args.sku) ?? str(result.sku);
        const sameOrder = d.order?.id === id;
        d = { ...d, order: { id, ...(sku ? { sku } : sameOrder && d.order?.sku ? { sku: d.order.sku } : {}), ...(str(result.item_name) ?? str(result.product_name) ? { itemName: str(result.item_name) ?? str(result.product_name) } : {}) } };
      }
    }
    const outcome = str(result.reason) ?? (result.proposed === true ? 'proposed' : undefined);
    d.last = { skill: input.skill, step: t.name, tool: t.name, ...(outcome ? { outcome } : {}), ...(str(result.category) ? { category: str(result.category) } : {}) };
  }
  if (input.shown && input.shown.length > 0) {
    const shown = await itemsOf(input.commerce, input.shown);
    // A reply about items of the list shown before ("the second one" described, "which is
    // cheaper" answered) keeps that list, so "and the first one?" still counts in it; the item
    // it was about is the focus. A new search's list replaces it, even with items shown before.
    const before = input.previous?.shown ?? [];
    const searched = input.tools.some((t) => t.ok && t.name === 'search_products' && Array.isArray(rec(t.result)?.products) && (rec(t.result)!.products as unknown[]).length > 0);
    const within = !searched && before.length > shown.length && shown.every((s) => before.some((x) => x.sku === s.sku));
    if (within) d = { ...d, shown: before, focus: shown.length === 1 ? shown[0] : d.focus };
    else if (shown.length > 0) d = { ...d, shown, focus: shown.length === 1 ? shown[0] : d.focus && shown.some((s) => s.sku === d.focus?.sku) ? d.focus : undefined };
  }
  if (input.proposalId) d.proposalId = input.proposalId;
  return boundDialogue(d);
}
