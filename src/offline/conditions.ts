import type { ConditionValue, PlaybookCondition } from '../core/playbook.js';
import type { SlotKind } from '../core/playbook.js';
import { ownValue } from '../core/own-keys.js';
import type { OfflineTurn } from './offline-turn.js';
import { followUpsIn } from './references.js';
import type { OrderSlot, Slots } from './slots.js';

/** Intents of this message (the locale packs' cue phrases); `claim`/`return` also count when asked in one of the last two messages. */
export function intentOf(turn: OfflineTurn, name: string): boolean {
  if (turn.cues.has(name, turn.conv.text)) return true;
  return (name === 'claim' || name === 'return') && turn.conv.earlier.slice(0, 2).some((t) => turn.cues.has(name, t));
}

function matchesValue(actual: unknown, want: ConditionValue | ConditionValue[]): boolean {
  const list = Array.isArray(want) ? want : [want];
  return list.some((w) => (w === null ? actual === null || actual === undefined : actual === w));
}

export async function conditionHolds(
  c: PlaybookCondition | undefined,
  turn: OfflineTurn,
  slots: Slots,
  result: Record<string, unknown> | null,
): Promise<boolean> {
  if (!c) return true;
  if (c.intent && !c.intent.some((i) => intentOf(turn, i))) return false;
  if (c.not_intent && c.not_intent.some((i) => intentOf(turn, i))) return false;
  if (c.follow_up) {
    const kinds = followUpsIn(turn.conv.text, turn.references);
    if (!c.follow_up.some((k) => kinds.has(k))) return false;
  }
  if (c.last_step && !(turn.dialogue?.last && turn.dialogue.last.skill === turn.skill.manifest.id && c.last_step.includes(turn.dialogue.last.step))) return false;
  if (c.can && !c.can.every((t) => turn.can(t))) return false;
  for (const s of c.has ?? []) if (!(await slots.filled(s as SlotKind))) return false;
  for (const s of c.missing ?? []) if (await slots.filled(s as SlotKind)) return false;
  if (c.order_status || c.many_items !== undefined) {
    const order = ((await slots.get('order')) as OrderSlot | null)?.order;
    if (!order) return false;
    if (c.order_status && !c.order_status.includes(order.status)) return false;
    if (c.many_items !== undefined && c.many_items !== order.items.length > 1) return false;
  }
  for (const [k, want] of Object.entries(c.result ?? {})) if (!matchesValue(ownValue(result ?? {}, k), want)) return false;
  for (const [k, want] of Object.entries(c.result_not ?? {})) if (matchesValue(ownValue(result ?? {}, k), want)) return false;
  return true;
}
