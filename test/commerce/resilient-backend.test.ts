import { describe, expect, it } from 'vitest';
import { withResilience, type CommerceCallInfo, type ResilienceSettings } from '../../src/commerce/resilience/resilient-backend.js';
import type { Order } from '../../src/core/commerce.js';
import { CommerceUnavailableError } from '../../src/core/errors.js';
import type { OrderBackend } from '../../src/core/order-backend.js';

const settings: ResilienceSettings = { timeoutMs: 200, retries: 2, breakerFailures: 3, breakerResetMs: 60_000, catalogTimeoutMs: 1000, retryDelayMs: 1 };
const owner = { email: 'a@example.com' };
const order = { id: '1', customerEmail: 'a@example.com' } as Order;

/** A back-end whose every call runs `behave` (counting calls, seeing the abort signal). */
function stub(behave: (signal: AbortSignal | undefined, n: number) => Promise<unknown>) {
  const calls: Array<{ op: string; signal?: AbortSignal }> = [];
  const run = async (op: string, signal?: AbortSignal) => {
    calls.push({ op, signal });
    return behave(signal, calls.length);
  };
  const backend: OrderBackend & { extra(): string } = {
    kind: 'stub',
    findOrder: (_id, _o, o) => run('findOrder', o?.signal) as Promise<Order | null>,
    listOrders: (_o, o) => run('listOrders', o.signal) as Promise<Order[]>,
    cancelOrder: (i) => run('cancelOrder', i.signal) as Promise<{ ok: true }>,
    requestReturn: (i) => run('requestReturn', i.signal) as Promise<{ externalId: string }>,
    extra: () => 'still reachable',
  };
  return { backend, calls };
}

const down = (kind: CommerceUnavailableError['kind'] = 'server') => async () => {
  throw new CommerceUnavailableError('stub', kind, `stub ${kind}`);
};

describe('resilient back-end', () => {
  it('retries a failed read with backoff, and never a write', async () => {
    const { backend, calls } = stub(down('server'));
    const r = withResilience(backend, { ...settings, breakerFailures: 100 });
    await expect(r.findOrder('1', owner)).rejects.toMatchObject({ kind: 'server' });
    expect(calls.filter((c) => c.op === 'findOrder')).toHaveLength(3);
    await expect(r.requestReturn!({ order, sku: 'X', quantity: 1, reason: 'r' })).rejects.toMatchObject({ kind: 'server' });
    await expect(r.cancelOrder({ order, reason: 'r' })).rejects.toMatchObject({ kind: 'server' });
    expect(calls.filter((c) => c.op !== 'findOrder')).toHaveLength(2);
  });

  it('does not retry what no retry fixes (client, invalid_response)', async () => {
    const { backend, calls } = stub(down('client'));
    await expect(withResilience(backend, settings).findOrder('1', owner)).rejects.toMatchObject({ kind: 'client' });
    expect(calls).toHaveLength(1);
  });

  it('a call past the timeout fails as timeout and its request is aborted', async () => {
    let aborted: AbortSignal | undefined;
    const { backend } = stub((signal) => {
      aborted = signal;
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const info: CommerceCallInfo[] = [];
    const r = withResilience(backend, settings, { onCall: (i) => info.push(i) });
    await expect(r.findOrder('1', owner)).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/within 200 ms/) });
    expect(aborted?.aborted).toBe(true);
    expect(info).toEqual([expect.objectContaining({ backend: 'stub', operation: 'findOrder', outcome: 'timeout' })]);
    expect(info[0]!.latencyMs).toBeGreaterThanOrEqual(150);
  });

  it('opens after consecutive failures: later calls fail at once without reaching the back-end; health says so', async () => {
    const { backend, calls } = stub(down('network'));
    const r = withResilience(backend, { ...settings, retries: 0 });
    expect(r.health()).toEqual({ state: 'up' });
    await expect(r.findOrder('1', owner)).rejects.toMatchObject({ kind: 'network' });
    expect(r.health()).toMatchObject({ state: 'down', detail: expect.stringMatching(/network: stub network/) });
    await expect(r.findOrder('1', owner)).rejects.toMatchObject({ kind: 'network' });
    await expect(r.listOrders(owner, { limit: 3 })).rejects.toMatchObject({ kind: 'network' });
    await expect(r.findOrder('1', owner)).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(calls).toHaveLength(3);
    expect(r.health()).toMatchObject({ state: 'circuit_open', detail: expect.stringMatching(/after 3 consecutive failures \(last: network: stub network\)/) });
  });

  it('anything else a back-end throws is still CommerceUnavailableError, and its extras stay reachable', async () => {
    const { backend } = stub(async () => {
      throw new TypeError('Cannot read properties of undefined');
    });
    const r = withResilience(backend, settings);
    const err = await r.findOrder('1', owner).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommerceUnavailableError);
    expect((r as unknown as { extra(): string }).extra()).toBe('still reachable');
  });

  it('passes answers through and reports ok', async () => {
    const { backend } = stub(async () => null);
    const info: CommerceCallInfo[] = [];
    const r = withResilience(backend, settings, { onCall: (i) => info.push(i) });
    expect(await r.findOrder('1', owner)).toBeNull();
    expect(info.map((i) => i.outcome)).toEqual(['ok']);
    expect(r.fetchCatalog).toBeUndefined();
  });
});
