/**
 * How long a 429/5xx response asks us to wait, in ms, read the way openai-node reads it:
 * `retry-after-ms` first, then `retry-after` as seconds or an HTTP date.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms) {
    const n = Number.parseFloat(ms);
    if (!Number.isNaN(n)) return n;
  }
  const after = headers.get('retry-after');
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

/**
 * Wraps fetch so that a 429/5xx asking for a longer wait than `maxWaitMs` is marked
 * `x-should-retry: false`. openai-node sleeps for whatever Retry-After says (no cap, and
 * the sleep ignores the abort signal); a customer should not wait minutes for a reply the
 * offline responder can give now, so such a response fails the call at once instead.
 */
export function capRetryAfter(baseFetch: typeof fetch, maxWaitMs: number): typeof fetch {
  return async (input, init) => {
    const res = await baseFetch(input, init);
    if (res.status !== 429 && res.status < 500) return res;
    const wait = retryAfterMs(res.headers);
    if (wait === undefined || wait <= maxWaitMs) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}
