/**
 * The checks of a multi-process load run (issue 20, point 6): every acknowledged message is in
 * its conversation's history, answered (the bot's message right after it), and a
 * conversation's messages are answered in the order they were sent.
 */

/** A message the app acknowledged, with its place in its conversation's sequence. */
export interface SentTurn {
  conversationId: string;
  messageId: string;
  /** 0, 1, 2... in the order the load sent it (one at a time per conversation). */
  seq: number;
}

export interface OrderCheck {
  checked: number;
  /** Acknowledged but missing from history, or not followed by an answer. */
  lost: SentTurn[];
  /** In history and answered, but after a message sent later. */
  outOfOrder: SentTurn[];
}

/** Checks one conversation's history (oldest first) against the turns acknowledged in it. */
export function checkConversation(history: ReadonlyArray<{ id: string; role: string }>, acked: readonly SentTurn[]): OrderCheck {
  const position = new Map<string, number>();
  history.forEach((m, i) => {
    if (m.role === 'customer') position.set(m.id, i);
  });
  const lost: SentTurn[] = [];
  const outOfOrder: SentTurn[] = [];
  const found: Array<{ turn: SentTurn; at: number }> = [];
  for (const turn of acked) {
    const at = position.get(turn.messageId);
    if (at === undefined || history[at + 1]?.role !== 'bot') lost.push(turn);
    else found.push({ turn, at });
  }
  // Sorted by the order sent, the places in history must rise.
  found.sort((a, b) => a.turn.seq - b.turn.seq);
  let last = -1;
  for (const { turn, at } of found) {
    if (at < last) outOfOrder.push(turn);
    last = Math.max(last, at);
  }
  return { checked: acked.length, lost, outOfOrder };
}

/** Reads every conversation's history through the public API and checks it. */
export async function checkOrder(
  url: string,
  chats: ReadonlyArray<{ id: string; token: string }>,
  acked: readonly SentTurn[],
): Promise<OrderCheck> {
  const byConversation = new Map<string, SentTurn[]>();
  for (const a of acked) {
    const list = byConversation.get(a.conversationId) ?? [];
    list.push(a);
    byConversation.set(a.conversationId, list);
  }
  const out: OrderCheck = { checked: acked.length, lost: [], outOfOrder: [] };
  for (const chat of chats) {
    const mine = byConversation.get(chat.id);
    if (!mine) continue;
    const res = await fetch(`${url}/api/chat/conversations/${chat.id}/messages`, { headers: { authorization: `Bearer ${chat.token}` } });
    if (res.status !== 200) {
      out.lost.push(...mine);
      continue;
    }
    const { messages } = (await res.json()) as { messages: Array<{ id: string; role: string }> };
    const one = checkConversation(messages, mine);
    out.lost.push(...one.lost);
    out.outOfOrder.push(...one.outOfOrder);
  }
  return out;
}
