import { stem, words } from '../commerce/text-terms.js';

export interface NamedItem {
  sku: string;
  name: string;
}

// Words in product names that say nothing about which item it is.
const WEAK = new Set(['pro', 'set', 'pack', 'mini', 'max', 'lite', 'plus', 'the', 'and', 'with', 'for', 'in', 'gb', 'qt']);

function wordStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (WEAK.has(w) || /^\d+$/.test(w)) continue;
    out.add(stem(w));
  }
  return out;
}

/**
 * Which of an order's items a message talks about: a SKU it names, else the item
 * whose name shares the most words with it ("the mixer" -> "Tollan Stand Mixer 5 Qt").
 * Null when none or a tie.
 */
export function matchItem<T extends NamedItem>(items: readonly T[], text: string, skus: readonly string[]): T | null {
  const bySku = items.filter((i) => skus.includes(i.sku));
  if (bySku.length === 1) return bySku[0]!;
  const said = wordStems(text);
  let best: T | null = null;
  let bestScore = 0;
  let tie = false;
  for (const item of items) {
    let score = 0;
    for (const s of wordStems(item.name)) if (said.has(s)) score++;
    if (score > bestScore) {
      best = item;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore > 0 && !tie ? best : null;
}
