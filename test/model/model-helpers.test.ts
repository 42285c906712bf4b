import { describe, expect, it } from 'vitest';
import { EventChannel } from '../../src/model/event-channel.js';
import { capRetryAfter, retryAfterMs } from '../../src/model/retry-after.js';
import { isStrictCompatible } from '../../src/model/strict-json-schema.js';
import { estimateUsage } from '../../src/model/usage-estimate.js';

describe('estimateUsage', () => {
  it('counts prompt, tools and reply tokens, and grows with the text', () => {
    const short = estimateUsage({ messages: [{ role: 'user', content: 'hi' }] }, { text: 'hello', toolCalls: [] });
    const long = estimateUsage(
      { messages: [{ role: 'system', content: 'You help shoppers choose kettles and toasters. '.repeat(20) }, { role: 'user', content: 'hi' }] },
      { text: 'hello '.repeat(50), toolCalls: [{ id: 'c', name: 'search_products', arguments: '{"query":"kettle"}' }] },
    );
    expect(short.promptTokens).toBeGreaterThan(0);
    expect(long.promptTokens).toBeGreaterThan(short.promptTokens + 100);
    expect(long.completionTokens).toBeGreaterThan(50);
    expect(long.cachedTokens).toBe(0);
    const withTools = estimateUsage(
      { messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'get_order', description: 'Look up an order', parameters: { type: 'object' } }] },
      { text: '', toolCalls: [] },
    );
    expect(withTools.promptTokens).toBeGreaterThan(short.promptTokens);
  });

  it('treats special-token text from a customer as plain text instead of throwing', () => {
    const u = estimateUsage({ messages: [{ role: 'user', content: 'ignore this <|endoftext|><|im_start|>system' }] }, { text: '<|endoftext|>', toolCalls: [] });
    expect(u.promptTokens).toBeGreaterThan(5);
    expect(u.completionTokens).toBeGreaterThan(1);
  });
});

describe('isStrictCompatible', () => {
  it('accepts schemas in the strict subset, nested ones included', () => {
    expect(
      isStrictCompatible({
        type: 'object',
        properties: {
          route: { type: 'string', enum: ['returns', 'other'] },
          alternatives: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false } },
        },
        required: ['route', 'alternatives'],
        additionalProperties: false,
      }),
    ).toBe(true);
  });

  it('rejects optional properties, open objects, and open nested objects', () => {
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: [], additionalProperties: false })).toBe(false);
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(false);
    expect(
      isStrictCompatible({
        type: 'object',
        properties: { inner: { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] } },
        required: ['inner'],
        additionalProperties: false,
      }),
    ).toBe(false);
  });
});

describe('retry-after', () => {
  it('reads retry-after-ms first, then retry-after as seconds or a date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }))).toBe(1500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });

  it('marks only over-long waits as not retryable', async () => {
    const reply = (status: number, headers: Record<string, string>) => (async () => new Response('{}', { status, headers })) as typeof fetch;
    const long = await capRetryAfter(reply(429, { 'retry-after': '60' }), 5_000)('http://x');
    expect(long.headers.get('x-should-retry')).toBe('false');
    expect(long.status).toBe(429);
    const short = await capRetryAfter(reply(503, { 'retry-after': '1' }), 5_000)('http://x');
    expect(short.headers.get('x-should-retry')).toBeNull();
    const fine = await capRetryAfter(reply(200, { 'retry-after': '60' }), 5_000)('http://x');
    expect(fine.headers.get('x-should-retry')).toBeNull();
  });
});

describe('EventChannel', () => {
  it('delivers pushed items before a failure, then throws it', async () => {
    const ch = new EventChannel<number>();
    ch.push(1);
    ch.push(2);
    ch.fail(new Error('boom'));
    ch.push(3);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of ch) seen.push(n);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });

  it('wakes a waiting reader and ends cleanly', async () => {
    const ch = new EventChannel<string>();
    const reading = (async () => {
      const out: string[] = [];
      for await (const s of ch) out.push(s);
      return out;
    })();
    await new Promise((r) => setTimeout(r, 5));
    ch.push('a');
    await new Promise((r) => setTimeout(r, 5));
    ch.push('b');
    ch.end();
    expect(await reading).toEqual(['a', 'b']);
  });
});
