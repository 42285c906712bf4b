import type { ShownItem } from '../core/dialogue-state.js';
import type { SlotKind } from '../core/playbook.js';
import { turnGuess } from './category-guess.js';
import { matchItem, matchItemBySearch } from './item-match.js';
import { messageStemmer } from '../locale/language-stemmers.js';
import { weakWordsOf } from './weak-words.js';
import { codesIn, type Codes } from './message-facts.js';
import type { OfflineTurn } from './offline-turn.js';
import { resolveReference } from './references.js';
import type { OrderResult } from './tool-shapes.js';

export type FoundOrder = NonNullable<OrderResult['order']>;
export type OrderItem = FoundOrder['items'][number];

/** The order slot: which order, and what get_order said about it. */
export interface OrderSlot {
  id: string;
  /** get_order's answer, when the skill may call it and the customer may see it. */
  order: FoundOrder | null;
  verificationNeeded: boolean;
  notFound: boolean;
}

export interface SlotValues {
  order?: OrderSlot | null;
  item?: OrderItem | null;
  product?: ShownItem | { sku: string; name: string } | null;
  products?: ShownItem[] | null;
  category?: string | null;
  issue?: string | null;
  reason?: string | null;
  /** Budgets are read by search_products (its price filter); the slot kind is kept for playbooks. */
  budget?: null;
}

/** The customer's most recent message that passes `test` (this one first), as a reason or issue text. */
export function lastSubstantive(turn: OfflineTurn, test: (text: string) => boolean): string | null {
  for (const text of [turn.conv.text, ...turn.conv.earlier]) if (test(text)) return text.trim().slice(0, 400);
  return null;
}

/**
 * Fills slots by kind, once per turn: from this message, then the dialogue state (the order
 * and items the conversation is about), then the customer's earlier messages. A slot the
 * customer just answered ("the mixer" after "which item?") is read from this message.
 */
export class Slots {
  private readonly cache = new Map<SlotKind, unknown>();
  private codes: Codes | null = null;
  private earlierCodes: Codes[] | null = null;

  constructor(private readonly turn: OfflineTurn) {}

  private async ownCodes(): Promise<Codes> {
    this.codes ??= await codesIn(this.turn.conv.text, this.turn.commerce, this.turn.cues);
    return this.codes;
  }

  private async olderCodes(): Promise<Codes[]> {
    if (!this.earlierCodes) {
      this.earlierCodes = [];
      for (const t of this.turn.conv.earlier) this.earlierCodes.push(await codesIn(t, this.turn.commerce, this.turn.cues));
    }
    return this.earlierCodes;
  }

  async get<K extends keyof SlotValues>(kind: K): Promise<SlotValues[K] | null> {
    if (this.cache.has(kind)) return this.cache.get(kind) as SlotValues[K];
    const v = await this.fill(kind);
    this.cache.set(kind, v);
    return v as SlotValues[K];
  }

  /** A slot's value if a step already filled it (never calls a tool). */
  peek<K extends keyof SlotValues>(kind: K): SlotValues[K] | null {
    return (this.cache.get(kind) as SlotValues[K] | undefined) ?? null;
  }

  /** Whether the slot has a usable value (a found order, an item...). */
  async filled(kind: SlotKind): Promise<boolean> {
    const v = await this.get(kind);
    // An order counts as named without asking the order system (needs: [order] looks it up).
    if (kind === 'order') return (await this.orderId()) !== null;
    if (Array.isArray(v)) return v.length > 0;
    return v !== null && v !== undefined;
  }

  /** The order id named now; else the one in focus; else one named earlier. */
  async orderId(): Promise<{ id: string; fromThisMessage: boolean } | null> {
    const own = (await this.ownCodes()).orderIds[0];
    if (own) return { id: own, fromThisMessage: true };
    const focus = this.turn.dialogue?.order?.id;
    if (focus) return { id: focus, fromThisMessage: false };
    const older = (await this.olderCodes()).find((c) => c.orderIds.length > 0)?.orderIds[0];
    return older ? { id: older, fromThisMessage: false } : null;
  }

  private async fill(kind: SlotKind): Promise<unknown> {
    const { turn } = this;
    const text = turn.conv.text;
    switch (kind) {
      case 'order': {
        const named = await this.orderId();
        if (!named) return null;
        if (!turn.can('get_order')) return { id: named.id, order: null, verificationNeeded: false, notFound: false } satisfies OrderSlot;
        const r = await turn.call<OrderResult>('get_order', { order_id: named.id });
        if (r?.verification_needed) return { id: named.id, order: null, verificationNeeded: true, notFound: false } satisfies OrderSlot;
        const order = r?.found && r.order ? r.order : null;
        return { id: order?.id ?? named.id, order, verificationNeeded: false, notFound: !order } satisfies OrderSlot;
      }
      case 'item': {
        const slot = (await this.get('order')) as OrderSlot | null;
        const order = slot?.order;
        if (!order) return null;
        const own = await this.ownCodes();
        const weak = weakWordsOf(this.turn.commerce, this.turn.words.stopwords);
        // The message's language's stemmer too, as product search reads it (as the store last read the packs).
        const languageStem = messageStemmer(turn.commerce, turn.language);
        let item = matchItem(order.items, text, own.skus, weak, turn.words.stem, languageStem);
        if (!item && order.items.length === 1) item = order.items[0]!;
        // Named in the customer's words for the kind of product ("Kopfhörer"), as product search reads them.
        if (!item) item = await matchItemBySearch(turn.commerce, order.items, text, turn.cues.words('service_words'), turn.language, weak);
        // The item in focus for this order (asked about or proposed before).
        const focusSku = turn.dialogue?.order?.id === order.id ? turn.dialogue.order.sku : undefined;
        if (!item && focusSku) item = order.items.find((i) => i.sku === focusSku) ?? null;
        if (!item) {
          const older = await this.olderCodes();
          for (let i = 0; i < turn.conv.earlier.length && !item; i++) item = matchItem(order.items, turn.conv.earlier[i]!, older[i]!.skus, weak, turn.words.stem, languageStem);
        }
        return item;
      }
      case 'product': {
        const sku = (await this.ownCodes()).skus[0];
        if (sku) {
          const p = await turn.commerce.getProduct(sku);
          if (p) return { sku: p.sku, name: p.name, price: p.price, category: p.category, attributes: { ...p.attributes }, inStock: p.inStock, warrantyMonths: p.warrantyMonths };
        }
        const ref = resolveReference(text, turn.dialogue, turn.references, turn.comparisons);
        if (ref && ref.items.length === 1) return ref.items[0]!;
        const specific = (await turnGuess(turn, text))?.specific;
        if (specific) return { sku: specific.sku, name: specific.name, price: specific.price, category: specific.category, attributes: { ...specific.attributes }, inStock: specific.inStock, warrantyMonths: specific.warrantyMonths };
        return null;
      }
      case 'products': {
        const skus = (await this.ownCodes()).skus;
        if (skus.length > 0) {
          const out: ShownItem[] = [];
          for (const sku of skus.slice(0, 3)) {
            const p = await turn.commerce.getProduct(sku);
            if (p) out.push({ sku: p.sku, name: p.name, price: p.price, category: p.category, attributes: { ...p.attributes }, inStock: p.inStock, warrantyMonths: p.warrantyMonths });
          }
          return out;
        }
        return null;
      }
      case 'category': {
        const own = (await turnGuess(turn, text))?.category ?? null;
        if (own) return own;
        // A short follow-up ("and for laptops?", "how many days?") keeps the product talked about before;
        // a question about the policy in general does not.
        const short = text.split(/\s+/).length <= 6 && !turn.cues.has('policy', text);
        if (!short) return null;
        const ref = resolveReference(text, turn.dialogue, turn.references, turn.comparisons);
        if (ref?.items[0]) return ref.items[0].category;
        return (await turnGuess(turn, [text, ...turn.conv.earlier.slice(0, 2)].join(' ')))?.category ?? null;
      }
      case 'issue':
        return lastSubstantive(turn, (t) => turn.cues.has('fault', t));
      case 'reason':
        // Stored with the return for the team, never shown back as a reply.
        return lastSubstantive(turn, (t) => !turn.cues.has('affirmative', t) && t.trim().length > 3) ?? 'Requested in chat';
      case 'budget':
        return null;
    }
  }
}
