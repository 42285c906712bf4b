/**
 * Hands fetch a string request body as UTF-8 bytes. Given a string, Node's fetch (undici)
 * first makes a well-formed copy of it (String.prototype.toWellFormed) and encodes that copy
 * only when the socket pulls the body. A skill prompt is about 10k characters and usually holds
 * one character outside Latin-1, which makes the whole JSON body a two-byte string: the copy is
 * another 20 KB per model call, alive until the request is written. Under load (64 turns in
 * flight) such copies outlive young-generation collections and pile up in the old generation,
 * which is what peak RSS is made of. Encoding once here leaves only the UTF-8 bytes (about
 * 10 KB). The bytes are the same either way: lone surrogates become U+FFFD in both.
 */
export function utf8Body(baseFetch: typeof fetch): typeof fetch {
  return (input, init) =>
    typeof init?.body === 'string' ? baseFetch(input, { ...init, body: Buffer.from(init.body, 'utf8') }) : baseFetch(input, init);
}
