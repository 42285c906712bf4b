/**
 * The conversations of an ordered load run that have no message in flight (issue 20, point 6).
 *
 * A message is sent to a conversation only once the answer to its previous one has arrived,
 * so "sent before" is a real order the app must keep, whichever process answers. This does not
 * rely on autocannon's per-request `context`: autocannon resets that context after every
 * request of a one-request list, so state kept there (a connection's own conversations) is
 * lost, and two connections end up with messages of one conversation in flight at once,
 * whose order nobody defined.
 *
 * A conversation whose request never got an answer (timeout, broken connection) is not handed
 * out again: the app may still be working on that message.
 */
export interface ConversationCheckout {
  /** The conversation idle longest (its index), or undefined when every one has a message in flight. */
  take(): number | undefined;
  /** Its message was answered: it may be sent the next one. */
  giveBack(index: number): void;
  /** Conversations idle now. */
  readonly idle: number;
}

export function conversationCheckout(count: number): ConversationCheckout {
  // A ring of at most `count` indexes: each is either idle (in the ring) or in flight, never both.
  const ring = new Int32Array(Math.max(1, count));
  const out = new Uint8Array(count);
  let head = 0;
  let size = count;
  for (let i = 0; i < count; i++) ring[i] = i;
  return {
    take() {
      if (size === 0) return undefined;
      const index = ring[head]!;
      head = (head + 1) % ring.length;
      size--;
      out[index] = 1;
      return index;
    },
    giveBack(index) {
      // Only a conversation handed out comes back, once: the ring can never overflow.
      if (!Number.isInteger(index) || index < 0 || index >= count || out[index] !== 1) throw new RangeError(`conversation ${index} was not handed out`);
      out[index] = 0;
      ring[(head + size) % ring.length] = index;
      size++;
    },
    get idle() {
      return size;
    },
  };
}
