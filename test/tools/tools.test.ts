import { beforeEach, describe, expect, it } from 'vitest';
import type { Commerce } from '../../src/core/commerce.js';
import type { ToolContext } from '../../src/core/skill.js';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { createToolExecutor, runToolCall } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { noEffects } from '../../src/core/actions.js';
import { collectEffects } from '../../src/engine/turn-effects.js';
import { demoCommerce, owner, stranger } from '../commerce/demo-fixture.js';

const TOOL_NAMES = [
  'search_products',
  'get_product',
  'compare_products',
  'get_order',
  'check_return_eligibility',
  'start_return',
  'get_return_policy',
  'check_warranty',
  'open_warranty_claim',
  'get_warranty_terms',
  'get_order_status',
  'cancel_order',
  'search_knowledge',
];

const registry = createToolRegistry();
let commerce: DemoCommerce;
let ctx: ToolContext;
beforeEach(async () => {
  ({ commerce } = await demoCommerce());
  ctx = { conversationId: 'conv-t', commerce, customer: null, namedOrders: [], effects: noEffects };
});

/** Runs a tool as the verified owner of the order it names (who also typed that order number), collecting its effects. */
const run = (name: string, args: unknown, as: 'owner' | 'guest' | 'stranger' = 'owner') => {
  const orderId = (args as { order_id?: unknown } | null)?.order_id;
  const named = typeof orderId === 'string' ? [orderId] : [];
  const customer = as === 'guest' ? null : as === 'stranger' ? stranger : typeof orderId === 'string' ? owner(orderId) : null;
  return runToolCall(registry, { name, arguments: args }, { ...ctx, customer, namedOrders: named, effects });
};
let effects: ReturnType<typeof collectEffects>;
beforeEach(() => {
  effects = collectEffects('returns', () => 0);
});

describe('tool registry', () => {
  it('holds exactly the commerce tools and search_knowledge', () => {
    expect(registry.names().sort()).toEqual([...TOOL_NAMES].sort());
  });

  it('describes each tool with a JSON Schema generated from its zod arguments', () => {
    for (const name of TOOL_NAMES) {
      const { spec } = registry.get(name)!;
      expect(spec.name).toBe(name);
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(spec.parameters).not.toHaveProperty('$schema');
      for (const key of Object.keys(spec.parameters.properties as object)) expect(key).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    }
    expect(registry.get('search_products')!.spec.parameters).toMatchObject({
      required: ['query'],
      properties: { query: { type: 'string' }, max_price: { type: 'number' } },
    });
    expect(registry.get('start_return')!.spec.parameters).toMatchObject({ required: ['order_id', 'sku', 'reason'] });
  });

  it('parse() names the field and the reason without running anything', () => {
    const search = registry.get('search_products')!;
    expect(search.parse({ query: 'blender' })).toMatchObject({ ok: true });
    expect(search.parse({ query: 5 })).toEqual({ ok: false, error: expect.stringMatching(/^query: must be a string/) });
    expect(search.parse({ query: 'x', max_price: '80' })).toEqual({ ok: false, error: expect.stringMatching(/max_price: must be a number/) });
    expect(search.parse({ query: '  ' })).toEqual({ ok: false, error: expect.stringMatching(/query: must not be empty/) });
    expect(registry.get('check_warranty')!.parse({})).toEqual({ ok: false, error: expect.stringContaining('at least one of sku or order_id') });
    expect(registry.get('start_return')!.parse({ order_id: 'SB-10001', sku: 'KIT-1001' })).toEqual({ ok: false, error: expect.stringMatching(/^reason: /) });
  });
});

describe('running tool calls', () => {
  it('never throws: bad JSON, bad arguments and unknown tools come back as ok:false with a message', async () => {
    const badJson = await run('get_order', '{"order_id": ');
    expect(badJson).toMatchObject({ ok: false, result: { error: expect.stringContaining('not valid JSON') } });
    const badArgs = await run('get_order', { order_id: 12 });
    expect(badArgs).toMatchObject({ ok: false, result: { error: expect.stringMatching(/get_order: order_id: must be a string/) } });
    const unknown = await run('delete_everything', {});
    expect(unknown).toMatchObject({ ok: false, result: { error: expect.stringContaining('unknown tool "delete_everything"') } });
    expect(badArgs.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('turns a failing back office into ok:false instead of an exception', async () => {
    const broken: Commerce = { ...commerce, getOrder: async () => Promise.reject(new Error('back office offline')) };
    const rec = await runToolCall(registry, { name: 'get_order', arguments: { order_id: 'SB-10001' } }, { ...ctx, customer: owner('SB-10001'), commerce: broken });
    expect(rec).toMatchObject({ ok: false, result: { error: 'back office offline' } });
  });

  it('accepts the model\'s JSON string arguments through the engine executor shape', async () => {
    const exec = createToolExecutor(registry);
    const rec = await exec({ id: 'call_1', name: 'get_product', arguments: '{"sku":"kit-1002"}' }, ctx);
    expect(rec).toMatchObject({ name: 'get_product', ok: true, arguments: { sku: 'kit-1002' }, result: { found: true, product: { sku: 'KIT-1002', price: 149 } } });
  });

  it('keeps search results compact and says why each product matched', async () => {
    const rec = await run('search_products', { query: 'quiet blender', max_price: 100 });
    const result = rec.result as { count: number; products: Array<Record<string, unknown>> };
    expect(result.count).toBe(result.products.length);
    expect(result.products.length).toBeLessThanOrEqual(5);
    expect(result.products[0]).toMatchObject({ sku: 'KIT-1001', price: 69.99, matched: expect.arrayContaining(['quiet', 'blender']) });
    expect(result.products[0]).not.toHaveProperty('description');
    expect(Object.keys(result.products[0]!.key_attributes as object).length).toBeLessThanOrEqual(4);
    expect(JSON.stringify(rec.result).length).toBeLessThan(2000);
  });

  it('is explicit about not-found cases', async () => {
    expect((await run('search_products', { query: 'unicorn saddle polish' })).result).toMatchObject({ match: 'none', count: 0, products: [], nearest_categories: expect.any(Array) });
    expect((await run('search_products', { query: 'blender', category: 'spaceships' })).result).toMatchObject({ match: 'none', count: 0, unknown_category: 'spaceships' });
    expect((await run('get_product', { sku: 'ZZZ-0000' })).result).toMatchObject({ found: false });
    expect((await run('get_order', { order_id: 'SB-99999' })).result).toMatchObject({ found: false, message: expect.stringContaining('SB-99999') });
    expect((await run('get_return_policy', { category: 'spaceships' })).result).toMatchObject({ found: false });
  });

  it('shows the owner their order without personal data: no name, no e-mail', async () => {
    const rec = await run('get_order', { order_id: 'sb10011' });
    expect(rec.result).toMatchObject({ found: true, order: { id: 'SB-10011', items: [{ sku: 'PCR-9001', opened: true }, { sku: 'PCR-9006' }] } });
    expect(JSON.stringify(rec.result)).not.toContain('@');
    expect(JSON.stringify(rec.result)).not.toContain('Chloe');
  });

  it('asks an unverified customer to verify, and answers a stranger exactly like a missing order', async () => {
    const guest = await run('get_order', { order_id: 'SB-10011' }, 'guest');
    expect(guest.result).toMatchObject({ verification_needed: true, order_id: 'SB-10011' });
    expect(effects.verification()).toEqual({ orderId: 'SB-10011' });
    const someoneElses = (await run('get_order', { order_id: 'SB-10011' }, 'stranger')).result as Record<string, unknown>;
    const missing = (await run('get_order', { order_id: 'SB-99998' }, 'stranger')).result as Record<string, unknown>;
    expect(someoneElses).toMatchObject({ found: false });
    expect(Object.keys(someoneElses).sort()).toEqual(Object.keys(missing).sort());
    expect(String(someoneElses.message).replace('SB-10011', 'X')).toBe(String(missing.message).replace('SB-99998', 'X'));
  });

  it('start_return only proposes: it checks first, records a proposal and creates nothing', async () => {
    const refused = await run('start_return', { order_id: 'SB-10023', sku: 'KIT-1005', reason: 'broken' });
    expect(refused.result).toMatchObject({ proposed: false, reason: 'window_expired' });
    expect(effects.proposal()).toBeNull();
    const proposed = await run('start_return', { order_id: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' });
    expect(proposed.result).toMatchObject({ proposed: true, needs_confirmation: true, order_id: 'SB-10001', sku: 'KIT-1001', item_name: 'Vireo QuietBlend 600 Blender' });
    expect(effects.proposal()).toMatchObject({ kind: 'start_return', orderId: 'SB-10001', sku: 'KIT-1001', detail: 'too loud' });
    expect(await commerce.checkReturnEligibility(owner('SB-10001'), 'SB-10001')).toMatchObject({ eligible: true, reason: 'ok' });
  });

  it('refuses to change an order the customer never named, even their own', async () => {
    const rec = await runToolCall(registry, { name: 'start_return', arguments: { order_id: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' } }, { ...ctx, customer: { email: owner('SB-10001').email, method: 'identity_token', verifiedAt: 0 }, namedOrders: [], effects });
    expect(rec.result).toMatchObject({ refused: true, reason: 'order_not_named' });
    expect(effects.proposal()).toBeNull();
  });

  it('open_warranty_claim refuses expired items and proposes a claim for covered ones', async () => {
    expect((await run('open_warranty_claim', { order_id: 'SB-10012', sku: 'AUD-4003', issue: 'left side silent' })).result).toMatchObject({ proposed: false, reason: 'expired' });
    const first = await run('open_warranty_claim', { order_id: 'SB-10013', sku: 'CLN-2001', issue: 'battery dies' });
    expect(first.result).toMatchObject({ proposed: true, needs_confirmation: true, order_id: 'SB-10013', sku: 'CLN-2001' });
    expect(effects.proposal()).toMatchObject({ kind: 'open_warranty_claim', orderId: 'SB-10013', detail: 'battery dies' });
  });

  it('get_order_status gives the carrier, tracking and expected delivery, and cancel_order proposes only for unshipped orders', async () => {
    const shipped = (await run('get_order_status', { order_id: 'SB-10005' })).result as { order: { status: string; shipments: unknown[]; cancellable: boolean } };
    expect(shipped.order.status).toBe('shipped');
    expect(shipped.order.cancellable).toBe(false);
    expect((await run('cancel_order', { order_id: 'SB-10005' })).result).toMatchObject({ proposed: false, reason: 'already_shipped' });
    expect((await run('cancel_order', { order_id: 'SB-10004' })).result).toMatchObject({ proposed: true, order_id: 'SB-10004' });
    expect(effects.proposal()).toMatchObject({ kind: 'cancel_order', orderId: 'SB-10004' });
  });

  it('policy and terms tools resolve plain category words and keep only relevant rules', async () => {
    const mattress = (await run('get_return_policy', { category: 'mattress' })).result as { category: string; exceptions: string[]; non_returnable: string[] };
    expect(mattress.category).toBe('furniture_bedding');
    expect(mattress.exceptions.join(' ')).toContain('100-night sleep trial');
    expect(mattress.non_returnable.join(' ')).not.toMatch(/software/i);
    const all = (await run('get_return_policy', {})).result as { windows: Record<string, number> };
    expect(all.windows).toMatchObject({ computers_tablets: 15, apparel_shoes: 60 });
    expect((await run('get_warranty_terms', { category: 'kitchen' })).result).toMatchObject({ category: 'kitchen_appliances', months: 24 });
    expect((await run('check_warranty', { order_id: 'SB-10039' })).result).toMatchObject({ reason: 'item_required', items: expect.any(Array) });
    expect((await run('check_return_eligibility', { order_id: 'SB-10011' })).result).toMatchObject({ reason: 'some_items_eligible', items: expect.any(Array) });
  });
});
